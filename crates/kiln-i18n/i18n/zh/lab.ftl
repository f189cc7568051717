### Kiln，简体中文：实验室：五个步骤之外的实验。
### 这里每条消息的 id 都以 `lab-` 开头，且必须与 ../en/lab.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/

