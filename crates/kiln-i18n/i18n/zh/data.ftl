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
