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
