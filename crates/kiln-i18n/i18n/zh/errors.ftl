### Kiln，简体中文：纯逻辑库与训练 worker 的所有错误和警告（id 以 error- 开头）。
### 这里每条消息的 id 都以 `error-` 开头，且必须与 ../en/errors.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/

## kiln-data：DataError

error-data-empty = 文件是空的
error-data-json = 不是情感样例文件（应为由 {"{"}"text", "class"{"}"} 组成的 JSON 数组）：{ $detail }
error-data-row = 第 { $row } 行：{ $message }
error-data-no-rows = 没有数据行
error-data-not-text = 这不是文本/CSV 文件（看起来是二进制文件）：请另存为 CSV（逗号或制表符分隔的文本）后重试
error-data-utf16 = 该文件以 UTF-16（“Unicode”）文本保存，本页面无法读取：请另存为 UTF-8（Excel 中：另存为 →“CSV UTF-8”；文本编辑器中：编码选 UTF-8）后重新加载
error-data-ragged = 第 { $line } 行有 { $fields } 个字段，但表头有 { $expected } 个（全文共 { $count } 行如此）：请修正文件，或打开“跳过格式错误的行”
error-data-class-not-binary = 类别必须是 0 或 1，实际是 { $value }
error-data-fields = 应有 { $expected } 个字段，实际有 { $found } 个
error-data-label-not-binary = 标签必须是 0 或 1，实际是“{ $value }”
error-data-no-numbers = “{ $column }”在训练集的行中没有任何数值：请不使用这一列，或修正文件
error-data-target-left-out = “{ $column }”是要预测的列，不能不使用
error-data-target-not-numeric = “{ $column }”不是数值列，不能作为回归目标：请选择分类
error-data-one-class-rows = 分类至少需要 2 个类别；可用的行中只有“{ $class }”：请补全缺失的输入，或添加其他类别的行
error-data-no-training-rows = 没有可用于训练的行（{ $rows } 行中可用 { $usable } 行）：请使用更多数据或调大训练集比例
error-data-split-check = { $split ->
        [training] 训练集
        [validation] 验证集
       *[test] 测试集
    }：{ $problem }；请检查这一列的取值
error-data-rows-targets = 输入有 { $rows } 行，但目标有 { $targets } 个
error-data-not-finite = 第 { $row } 行第 { $column } 列不是有限数值
error-data-target-not-finite = 第 { $row } 行的目标不是有限数值
error-data-class-id = 第 { $row } 行的类别编号是 { $id }，但只有 { $classes } 个类别
error-data-train-empty = 训练集为空：{ $n } { $unit ->
        [rows] 行
        [images] 张图片
        [texts] 篇文本
       *[sentences] 个句子
    }按 { $pct } 划入训练集，一个也分不到；请添加{ $unit ->
        [rows] 行数据
        [images] 图片
        [texts] 文本
       *[sentences] 句子
    }，或调大训练集比例
error-data-split-empty = { $split ->
        [validation] 验证集
       *[test] 测试集
    }为空：{ $n } { $unit ->
        [rows] 行
        [images] 张图片
        [texts] 篇文本
       *[sentences] 个句子
    }按 { $pct } 划入{ $split ->
        [validation] 验证集
       *[test] 测试集
    }，一个也分不到；请添加{ $unit ->
        [rows] 行数据
        [images] 图片
        [texts] 文本
       *[sentences] 句子
    }（每个类别至少 { $per_class } 个），或把{ $split ->
        [validation] 验证集
       *[test] 测试集
    }比例设为 0 %
error-data-class-not-in-train = 类别“{ $class }”在全部 { $n } { $unit ->
        [rows] 行
        [images] 张图片
        [texts] 篇文本
       *[sentences] 个句子
    }中占 { $total } 个，但没有一个在训练集中，模型永远学不到它：请添加“{ $class }”的{ $unit ->
        [rows] 行数据
        [images] 图片
        [texts] 文本
       *[sentences] 句子
    }，或调小验证集和测试集比例
error-data-target-as-input = “{ $column }”是目标列，不能同时作为输入
error-data-too-many-levels = “{ $column }”的不同取值超过 { $max } 个，太多而无法做独热编码：请不使用这一列，或把它当作数值或文本
error-data-no-inputs = 没有输入列：除目标列外至少选择一列
error-data-text-not-alone = 文本列只能作为唯一的输入（文本模型）：请只选择这一文本列，或把它当作类别列
error-data-zip = 不是可读取的 .zip 文件（{ $detail }）
error-data-zip-entries = 该 .zip 有 { $entries } 个条目，超过允许的 { $max } 个：请减少图片数量
error-data-zip-size = 该 .zip 解压后超过 { $mb } MB：请使用更少或更小的图片
error-data-zip-entry = .zip 中的“{ $path }”无法读取（{ $detail }）
error-data-zip-no-folders = 该 .zip 中没有位于文件夹里的文件：请把每个类别的图片放进以类别命名的文件夹
error-data-gzip = 无法解压该 .gz 文件（{ $detail }）
error-data-idx = 不是 IDX（MNIST 格式）文件：{ $why }
error-data-idx-write-dims = 无法写出 IDX 维度 { $dims }
error-data-idx-write-size = IDX 维度 { $dims } 需要 { $need } 字节，实际为 { $got }
error-data-idx-write-dim = IDX 维度 { $dim } 太大
error-data-idx-shapes = 图片应为 [n, 高, 宽] 形状、标签应为 [n] 形状，实际为 { $images } 和 { $labels }：请确认哪个文件是哪个
error-data-idx-counts = 有 { $images } 张图片，却有 { $labels } 个标签：请使用相互匹配的文件
error-data-one-class = 分类至少需要 2 个类别；只找到“{ $class }”
error-data-idx-magic = 文件必须以两个零字节开头
error-data-idx-type = 不支持元素类型 { $code }（只支持无符号字节 0x08）
error-data-idx-header = 文件头不完整
error-data-idx-size = 维度 { $dims } 需要 { $need } 字节，但文件只有 { $got } 字节
error-data-idx-too-large = 维度 { $dims } 太大
error-data-image-size = 图片尺寸每边须为 1 到 512 像素，通道数为 1（灰度）或 3（RGB），实际为 { $size }
error-data-train-split-empty = 训练集为空：{ $unit ->
        [images] 请添加图片
        [texts] 请添加文件
       *[other] 请使用更多数据
    }，或调大训练集比例
error-data-image = { $file } 不是可读取的 PNG 或 JPEG 图片（{ $detail }）
error-image-format-unknown = 无法识别它的格式
error-image-unsupported = 它用到了该格式中此解码器不支持的功能
error-image-damaged = 文件已损坏或不完整
error-image-too-large = 它每边超过 { $side } 像素，或大到无法解码
error-image-io = 无法读取它的字节
error-image-other = 解码器拒绝了它
error-data-folder-no-images = 类别文件夹“{ $class }”中没有可读取的图片（PNG 或 JPEG）：请添加图片，或删除这个文件夹
error-data-one-class-folder = 分类至少需要 2 个类别；只找到“{ $class }”：请把每个类别的{ $unit ->
        [images] 图片
       *[other] 文件
    }放进各自的文件夹
error-data-no-file = 没有选择文件
error-data-one-image = “{ $file }”只是一张图片：要用图片训练，请按类别把图片放进不同的文件夹（例如 `cats/`、`dogs/`），然后选择包含这些文件夹的上级文件夹，或它的 .zip 压缩包
error-data-many-files = 选择了 { $files } 个文件：请选择一个表格文件、一个 .zip、两个 IDX 文件（图片和标签），或用“选择文件夹”选择包含各类别文件夹的文件夹
error-data-files-too-big = 这些文件共 { $size }，超过本页面可读取的 { $max }：请减少文件或只用一部分样本
error-data-no-class-folders = 所选文件夹里没有子文件夹：请选择每个类别各有一个子文件夹的那个文件夹（例如 `pets/` 下有 `cats/` 和 `dogs/`）
error-data-no-images = 在类别文件夹中没有找到 PNG 或 JPEG 图片（也没有 .txt 文件）
error-data-file-too-big = 该文件有 { $size }，超过本页面可读取的 { $max }：请改为加载其中一部分行
error-data-too-many-columns = 第一行有 { $fields } 个字段，超过本页面可读取的 { $max } 列：它是每行一条记录的表格吗？请另存为带表头行的 CSV 后重新加载
error-data-ragged-upload = 第 { $line } 行有 { $fields } 个字段，但表头有 { $expected } 个（全文共 { $count } 行如此）：请修正该行（常见原因是缺了引号或多了分隔符）后重新加载文件
error-data-folder-no-texts = 类别文件夹“{ $class }”中没有非空的 .txt 文件：请添加文件，或删除这个文件夹
error-data-seq-len = 序列长度必须在 { $min } 到 { $max } 之间，实际为 { $value }
error-data-vocab-size = 词表大小必须在 { $min } 到 { $max } 之间，实际为 { $value }
error-data-no-labels-file = 缺少标签文件
error-data-too-many-classes = “{ $column }”的不同取值超过 { $max } 个，类别太多：请选择回归（如果它是数值），或换一个目标列
error-data-target-empty = “{ $column }”没有任何值：请换一个目标列
error-data-one-class-in = 分类至少需要 2 个类别；“{ $column }”中只有“{ $class }”：请换一个目标列，或添加其他类别的行
error-data-csv-syntax = 第 { $line } 行无法按 CSV 读取（{ $detail }）；请检查其中的引号

## kiln-data：手写图、中文分词词典、列查找

error-data-draw-channels = 手写图应有 1（灰度）、3（RGB）或 4（RGBA）个通道，而不是 { $channels } 个
error-data-draw-side = 手写图每边须为 1 到 8192 像素，实际为 { $width }×{ $height }
error-data-draw-bytes = { $width }×{ $height }、{ $channels } 通道的手写图应有 { $expected } 字节，实际为 { $got } 字节
error-data-draw-style = 此模型接收 { $takes } 的图像，但所选数字风格生成的是 { $side }×{ $side }×1
error-data-draw-empty = 画板是空的：请先写一个数字
error-data-draw-size = 手写图的尺寸与像素数不符
error-try-not-images = 此模型不接收图像：“试一试”只能提供与训练时相同类型的输入
error-try-not-digits = 手写输入只适用于手写数字数据集（MNIST、8×8 数字）上的模型；对于此模型，请拖入一个图像文件
error-try-not-table = 此模型不接收表格行：“试一试”只能提供与训练时相同类型的输入
error-try-no-prediction = 模型没有对这个输入给出预测
error-try-no-encoder = 这里不知道此模型的预处理方式，“试一试”无法生成它的输入：请重新训练
error-try-file-too-big = { $name } 有 { $mb } MB：“试一试”只读取不超过 { $max } MB 的图像文件
error-data-image-read = 无法读取 { $name }（{ $detail }）
error-data-not-numeric-override = 列 `{ $column }` 不能设为数值型：第 { $line } 行的值是 `{ $value }`；请修正该值，或将此列作为类别型处理
error-data-dictionary = 无法读取中文分词词典（{ $asset }）：{ $why }；请用 scripts/fetch-datasets.sh 重新生成
error-data-dictionary-missing = jieba 分词需要词典（{ $asset }），但它尚未加载：请稍候，或改用按字切分
error-data-no-vocabulary = 这些文本文件夹没有生成词表
error-data-column-too-large = 列 `{ $column }` 的文本超过 4 GB：文件太大，无法在浏览器标签页中加载；请使用样本
error-data-no-column = 没有名为 `{ $column }` 的列；现有的列为：{ $columns }

## 训练 worker（kiln-web 的 worker）

error-worker-weight-not-finite = 权重必须是有限的数，实际为 { $value }
error-worker-busy-data = 训练引擎正在运行：请先停止，再选择其他数据集
error-worker-busy = 已有一次运行在进行：请先按“停止”
error-worker-not-training = 当前没有在训练：请先按“训练”
error-worker-model-gone = 训练引擎中已没有该模型：请重新训练
error-worker-try-needs-text = “试一试”接收的是句子：只适用于在句子数据集上训练的模型
error-worker-no-model = 请先训练一个模型，再输入句子试一试
error-worker-nothing-to-restore = 没有可恢复的已保存权重：请重新训练
error-worker-no-last-good = 发散之前的权重没有保存下来：请降低学习率后重新训练
error-worker-other-data = 训练引擎中的数据集是 { $held }，而不是 { $wanted }：请重新选择数据集
error-worker-no-data = 还没有加载数据集：请稍候，或选择一个数据集
error-worker-prepare = { $dataset }：{ $message }
error-worker-dictionary-fetch = 无法加载中文分词词典（{ $asset }）（{ $detail }）：请确认页面的资源已生成（scripts/fetch-datasets.sh），或改用按字切分
error-worker-fetch = 无法获取 { $url }：{ $detail }
error-worker-http = { $url }：HTTP { $status }（数据集生成了吗？请运行 scripts/fetch-datasets.sh）
error-worker-files-lost = 所选文件没有传到训练引擎：请重新选择
error-worker-file-read = { $path }：浏览器无法读取该文件（{ $detail }）
error-worker-no-builtin = 没有名为“{ $id }”的内置数据集
error-worker-no-upload = 没有可修改的已上传数据集：请重新选择文件
error-worker-files-gone = 这些文件已不在手边：请重新选择
error-worker-report = 无法生成测试报告：{ $message }
error-worker-evaluate = 无法在此数据集上评估已打开的模型：{ $message }
error-worker-evaluate-empty = 此数据集没有可供该模型使用的测试样本（它的划分没有留下测试集）。
error-worker-word-map = 无法生成词向量图：{ $message }
error-worker-explain-needs-text = 词语贡献只适用于在文本上训练的模型
error-worker-explain-no-model = 请先训练一个模型，再查看它为什么给出这样的打分
error-worker-busy-lab = 训练引擎正忙于另一次运行：请先停止它，再开始这一次

## worker 中的模型文件（部署：下载、导出、打开 .kiln 文件）

error-worker-not-text-model = 这个模型不接收文本
error-worker-opened-gone = 训练引擎中已没有打开的模型：请重新打开该文件
error-worker-unsaveable = 无法保存这个模型（没有记录它的预处理）：请重新训练
error-worker-attachment-lost = { $name }：文件没有传到训练引擎；请重新打开
error-worker-not-a-file = { $name }：不是文件
error-worker-model-too-big = 文件大小为 { $mb } MB，超过了模型文件的上限 { $max } MB
error-worker-model-read = 无法读取：{ $detail }

## kiln-ml：无法读取或写入的 .kiln 模型文件（ModelFileError）

error-model-not-kiln = 不是 Kiln 模型文件：{ $reason }
error-model-damaged = 模型文件已损坏或过大：{ $reason }
error-model-inconsistent = 模型文件的各部分不一致：{ $reason }
error-model-save = 无法保存模型：{ $detail }
error-model-too-big = 文件大小为 { $mb } MB，超过了模型文件的上限 { $max } MB
error-model-spec-only = 这是一个模型结构文件（只有层，没有权重：格式版本 0，即模型文件出现之前 Kiln 部署步骤下载的文件）：请在模型构建器中打开它，或用 `kiln train --spec FILE` 训练它
error-model-json = 这是 JSON 文件，不是 .kiln 文件（.kiln 文件是带有 Kiln 描述的 safetensors 文件）
error-model-zip = 这是 zip 压缩包；.kiln 文件是 safetensors 文件
error-model-too-short = 文件只有 { $bytes } 字节，太短，容不下文件头
error-model-header-length = 无法读取文件头长度
error-model-header-huge = 文件头声称有 { $claimed } 字节，超过了允许的 { $max } MB（这是 .kiln 文件吗？）
error-model-cut-short = 文件不完整：文件头声称有 { $claimed } 字节，但后面只有 { $follow } 字节
error-model-sizes = 文件不完整，或在权重之后还有多余的字节（大小对不上）
error-model-not-safetensors = 文件头不是有效的 safetensors（{ $detail }）
error-model-no-description = 这是没有 Kiln 描述的 safetensors 文件（由其他工具生成？）
error-model-description = 文件描述有误：{ $detail }
error-model-format = 文件描述中没有 `"format": "{ $format }"`
# $why 是 error-model-version-newer 或 error-model-version-older。
error-model-version = 这个模型文件的格式版本是 { $version }（由 Kiln { $made } 写入）；这个 Kiln 读取版本 { $reads }：{ $why }
error-model-version-newer = 请更新 Kiln 后再打开
error-model-version-older = 请用那个版本的 Kiln 重新保存
error-model-encoding = 这个模型的权重以 `{ $encoding }` 存储；这个 Kiln 只读取 f32 权重：请更新 Kiln 后再打开
error-model-dtype = 权重 `{ $name }` 的类型是 { $dtype }，不是 F32
error-model-not-finite = 权重 `{ $name }` 含有 NaN 或无穷大的值
error-model-spec-values = 权重共有 { $values } 个值，但模型结构有 { $needed } 个参数
error-model-network-values = 权重共有 { $values } 个值，但网络有 { $params } 个
error-model-weights-misfit = 权重与网络不匹配：{ $detail }
error-model-unused-weights = 文件中有网络用不到的权重：{ $names }
error-model-spec = 模型结构有误：{ $detail }
error-model-preprocessing = 预处理有误：{ $detail }

## 实验室（压缩、联邦学习、超参数搜索）

error-lab-no-model = 请先训练一个模型（第 3 步），再压缩它
error-lab-compression-gone = 训练引擎中已没有这次压缩的结果：请重新压缩
error-lab-sparsity = 稀疏度必须在 0 到 95 % 之间，实际为 { $value }
error-lab-fine-tune = 微调轮次必须在 0 到 20 之间，实际为 { $value }
error-lab-bins = 直方图的分箱数必须在 3 到 101 之间，实际为 { $value }
error-lab-clients = 客户端数量必须在 1 到 100 之间，实际为 { $value }
error-lab-fraction = 客户端比例 C 必须在 (0, 1] 之间，实际为 { $value }
error-lab-local-epochs = 本地轮次 E 必须在 1 到 50 之间，实际为 { $value }
error-lab-local-batch = 本地批大小 B 必须在 1 到 4096 之间，实际为 { $value }
error-lab-rounds = 通信轮数 R 必须在 1 到 1000 之间，实际为 { $value }
error-lab-mu = FedProx 的 μ 必须在 0 到 100 之间，实际为 { $value }
