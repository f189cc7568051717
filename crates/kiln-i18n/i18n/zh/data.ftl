### Kiln，简体中文：第 1 步“数据”：内置数据集、上传、预览、提示与读取规则。
### 这里每条消息的 id 都以 `data-` 开头，且必须与 ../en/data.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/

