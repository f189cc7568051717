### Kiln，简体中文：第 3 步“训练”：训练设置、引擎选择、状态信息、图表。
### 这里每条消息的 id 都以 `train-` 开头，且必须与 ../en/train.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/

