### Kiln，简体中文：第 2 步“模型”：网络层构建器、各层与激活函数说明、预设模型。
### 这里每条消息的 id 都以 `model-` 开头，且必须与 ../en/model.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/

