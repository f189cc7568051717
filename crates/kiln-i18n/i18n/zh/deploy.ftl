### Kiln，简体中文：第 5 步“部署”：模型文件、导出、在其他环境运行。
### 这里每条消息的 id 都以 `deploy-` 开头，且必须与 ../en/deploy.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/

