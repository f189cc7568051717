### Kiln，简体中文：第 4 步“评估”：测试指标、评估报告、“试一试”。
### 这里每条消息的 id 都以 `evaluate-` 开头，且必须与 ../en/evaluate.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/

