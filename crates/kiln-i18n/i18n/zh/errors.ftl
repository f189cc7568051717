### Kiln，简体中文：纯逻辑库与训练 worker 的所有错误和警告（id 以 error- 开头）。
### 这里每条消息的 id 都以 `error-` 开头，且必须与 ../en/errors.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/

## kiln-data：DataError

error-data-empty = 文件是空的
