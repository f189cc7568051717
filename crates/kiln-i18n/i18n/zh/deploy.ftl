### Kiln，简体中文：第 5 步“部署”：模型文件、导出、在其他环境运行。
### 这里每条消息的 id 都以 `deploy-` 开头，且必须与 ../en/deploy.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/

deploy-title = 部署
deploy-before = 在{" "}
deploy-link = 第 2 步（⤓ 下载模型定义）
deploy-after = {" "}下载模型定义文件，然后在更强的机器上本地训练同一个模型：
