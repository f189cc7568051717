### Kiln，简体中文：页眉、语言菜单、两种模式，以及各面板共用的词语。
### 这里每条消息的 id 都以 `common-` 开头，且必须与 ../en/common.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/

common-tagline = 在浏览器里训练一个真正的神经网络。无需安装任何软件，数据也不会离开你的电脑。
common-engine-loading = 正在加载训练引擎…
common-dismiss = 关闭
common-mode-guided = 构建与训练（5 个步骤）
common-mode-teach = 教学：二维演练场
common-language = 语言
    .title = 页面语言（本机会记住你的选择；带 ?lang=zh 的链接会以中文打开）
# 来自 Kiln 之外（浏览器、第三方库）的原文，不翻译。
common-verbatim = { $text }
# Joining a list of several items: a, b and c.
common-list-comma = { "、" }
common-list-and = { " 和 " }
