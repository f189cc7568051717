### Kiln，简体中文：第 2 步“模型”：网络层构建器、各层与激活函数说明、预设模型。
### 这里每条消息的 id 都以 `model-` 开头，且必须与 ../en/model.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/


## 层类型（按 Keras 类名）、激活函数、优化器、损失函数

model-layer-Dense = 全连接层：每个输出单元都是所有输入的加权和再加偏置，是最基本的构件。
model-layer-Embedding = 嵌入层：把每个词 id 变成一组可学习的数（向量）；意思相近的词最终会得到相近的向量。
model-layer-GlobalAveragePooling1D = 全局平均池化：把一句话中所有词的向量平均成一个向量（忽略填充）。
model-layer-GlobalMaxPooling1D = 全局最大池化：对每个特征，保留它在整句所有词上的最大值。
model-layer-Conv1D = 一维卷积：让可学习的小滤波器沿序列滑动，找出短的模式，比如两三个词的短语。
model-layer-Conv2D = 二维卷积：让可学习的小滤波器在图像上滑动，找出边缘、角点等局部模式。
model-layer-MaxPool2D = 最大池化：在每个小窗口里保留最大值，把图像缩小。
model-layer-AveragePool2D = 平均池化：对每个小窗口取平均，把图像缩小。
model-layer-Flatten = 展平：把图像（或序列）排成一长行数字，供全连接层使用。
model-layer-Dropout = Dropout：训练时随机关掉一部分值，使网络不能依赖其中任何一个，从而减少过拟合。
model-layer-BatchNormalization = 批归一化：在批内把每个通道缩放到均值 0、方差 1，使训练更快更稳。
model-layer-LayerNormalization = 层归一化：把每个样本的特征缩放到均值 0、方差 1（Transformer 中使用）。
model-layer-MultiHeadSelfAttention = 多头自注意力：让每个词关注其他所有词并融合重要信息，是 Transformer 的核心。
model-layer-Activation = 激活层：对每个值单独应用一个函数，例如 relu 把负数变为 0。
model-act-linear = linear：原样输出，不做变换
model-act-relu = relu：负数变为 0，正数原样通过（隐藏层的常用选择）
model-act-leaky_relu = leaky_relu：与 relu 类似，但负数乘以 0.2 而不是直接丢弃
model-act-gelu = gelu：平滑版的 relu，用于 Transformer
model-act-sigmoid = sigmoid：把任意值压缩到 0…1 之间（二分类的概率）
model-act-tanh = tanh：把任意值压缩到 −1…1 之间
model-act-softmax = softmax：把得分变成和为 1 的概率（多分类）
model-opt-sgd = SGD
    .help = SGD：沿梯度方向朴素地走一步。
model-opt-momentum = 带动量的 SGD
    .help = 带动量的 SGD：沿着原来的方向继续“滚动”。
model-opt-adam = Adam
    .help = Adam：为每个权重单独自适应步长（常用的默认选择）。
model-opt-adamw = AdamW
    .help = AdamW：正确实现了权重衰减的 Adam。
model-opt-rmsprop = RMSprop
    .help = RMSprop：每一步都除以该权重梯度的滑动平均大小。
model-loss-binary_cross_entropy = 二元交叉熵
    .help = 二元交叉熵：两个类别，一个 sigmoid 输出。
model-loss-categorical_cross_entropy = 分类交叉熵
    .help = 分类交叉熵：多个类别，softmax 输出。
model-loss-mean_squared_error = 均方误差
    .help = 均方误差：预测一个数值。

## 层的设置（构建器中各字段的提示）

model-help-input-dim = 表的行数：每个词 id 一行。必须不小于词表大小。
model-help-output-dim = 用多少个数来描述每个词（嵌入维度）。
model-help-units = 这一层有多少个输出值（神经元）。
model-help-activation = 应用于每个输出值的函数；把鼠标停在选项上可以比较。
model-help-filters = 这一层学习多少种不同的模式（滤波器）；每种给出一个输出通道。
model-help-kernel-size = 每个滤波器看多少个相邻位置。
model-help-strides = 窗口每一步移动多远；2 使长度减半。
model-help-padding = valid：窗口留在输入内部，因此输出变小。same：边界用 0 填充，尺寸保持不变（÷ 步长）。
model-help-kernel-size-2 = 滤波器的窗口，高 × 宽（像素），常用 3 × 3。
model-help-strides-2 = 窗口每一步移动多远，向下 × 向右；2 使尺寸减半。
model-help-pool-size = 窗口，高 × 宽；2 × 2 使图像尺寸减半。
model-help-strides-3 = 窗口移动多远；留空 = 窗口大小（窗口互不重叠）。
model-help-rate = 每个训练步中被关掉的值所占比例，从 0 到小于 1（0.5 = 一半）。
model-help-epsilon = 除法前加上的一个极小数，保证不会除以零。
model-help-momentum = 记住的均值和方差（训练后使用）跟随每批更新的快慢；0.99 = 很慢。
model-help-num-heads = 并行运行多少个注意力模式；必须能整除向量长度。
model-help-key-dim = 每个头的向量大小；留空 = 向量长度 ÷ 头数（唯一支持的大小）。
model-help-dropout = 训练时被关掉的注意力权重所占比例（0 = 不关）。
model-error-int = { $key } 必须是整数，实际为“{ $value }”
model-error-float = { $key } 必须是数字，例如 0.5，实际为“{ $value }”
model-error-activation = 未知的激活函数“{ $value }”
model-error-padding = padding 必须是“valid”或“same”，实际为“{ $value }”
model-error-no-setting = { $layer } 没有 { $key } 这个设置

## 层列表

model-auto = 自动
model-layer-up = 上移这一层
model-layer-down = 下移这一层
model-layer-remove = 删除这一层
model-layer-select = { $help } 点击选中：新添加的层会放在选中层之后。
model-layer-out = 输出形状（None = 批中样本数任意）和可训练参数
model-layer-params = { $n } 个参数

## 第 2 步面板

model-title = 模型
model-intro = 点击一种层类型，把它加到选中层之后（或末尾）。把鼠标停在任何名称或设置上可以看到一行说明。形状和参数量会随输入实时更新；不匹配的层会标红，并说明要改什么。
model-preset = 预设
    .title = 从现成的模型开始。它的层会替换当前列表（“撤销”可以找回你的层）；输入总是来自数据集。
model-preset-choose = 选择…
model-preset-sentiment = 参考情感模型（Keras 教程）
    .title = 嵌入层 → 词向量平均 → Dense(16, relu) → sigmoid：Keras 的文本分类模型
model-preset-mlp = 小型多层感知机
model-preset-cnn = 小型卷积网络（28×28 图像）
model-preset-transformer = 单块 Transformer
model-undo = ↶ 撤销
    .title = 撤销对模型的上一次修改
model-redo = ↷ 重做
    .title = 重做刚才撤销的修改
model-clear = 清空
    .title = 删除所有层（“撤销”可以恢复）
model-download = ⤓ 下载模型定义
    .title = 把模型和训练设置保存为 JSON 文件：以后可以在这里上传，或用 kiln-cli 在本地训练。
model-upload = ⤒ 上传模型定义
    .title = 从 JSON 模型定义文件加载模型（及训练设置）。无效的文件不会改变任何东西。
model-locked = 训练正在使用这个模型：修改要等本次运行结束（停止或重置）后才能进行。
model-input = 输入
    .title = 一个样本的样子。它来自数据集（第 1 步），不能在这里编辑。
model-input-tokens = (None, { $seq_len })：每个样本 { $seq_len } 个词 id，共 { $vocab } 种 id
model-input-features = (None, { $width })：每个样本 { $width } 个数
model-input-images = (None, { $height }, { $width }, { $channels })：{ $height }×{ $width } 图像，{ $channels } 个通道
model-empty = 还没有层：从上面的层面板中添加。
model-loss = 损失函数
    .title = 损失是训练要减小的那个数。二元交叉熵：两个类别，一个 sigmoid 输出。分类交叉熵：多个类别，softmax 输出。均方误差：预测一个数值。
model-suggest = 建议输出层
    .title = 把最后一层和损失函数设为适合数据集的组合：两类用 Dense(1, sigmoid) + 二元交叉熵，k 类用 Dense(k, softmax) + 分类交叉熵，数值用 Dense(1) + 均方误差。
model-params = { $n } 个参数
    .title = 可训练参数：训练会调整的数（权重和偏置）。
model-params-frozen = { $n } 个参数（另有 { $frozen } 个不可训练）
model-params-none = — 个参数（请先修正模型）
model-memory = 训练内存 { $size }（批大小 { $batch }）
    .title = 训练内存 ≈ 权重 + 梯度 + Adam 的两个矩估计（4 × 参数量 × 4 字节）+ 激活值及其梯度（批大小 × 所有层输出的值数 × 4 字节 × 2）。
model-memory-tiny = ≈ 0.1 MB 或更少
model-error-spec-size = 模型定义文件 { $name } 有 { $bytes } 字节；模型定义文件必须小于 1 MB（真实的只有几百字节）。模型没有改变。
model-error-spec-read = 无法读取文件 { $name }
model-error-spec = { $name }：{ $detail }。模型没有改变。
