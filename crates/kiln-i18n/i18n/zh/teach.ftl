### Kiln，简体中文：教学模式（二维演练场）。
### 这里每条消息的 id 都以 `teach-` 开头，且必须与 ../en/teach.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/

teach-play = 播放
    .title = 开始 / 暂停训练
teach-pause = 暂停
teach-step = 单步
    .title = 训练一个轮次
teach-reset = 重置
    .title = 新的初始权重（相同随机种子），轮次归零
teach-epoch = 轮次
teach-lr = 学习率
    .title = 沿损失下降的每一步有多大。太小：慢。太大：损失来回跳动，甚至变成 NaN。
teach-activation = 激活函数
    .title = 每个隐藏神经元对其加权和施加的函数。
teach-reg = 正则化
    .title = 加到损失上的大权重惩罚：L1 把权重压到恰好为零，L2 使权重保持较小。
teach-reg-none = 无
teach-reg-l1 = L1
teach-reg-l2 = L2
teach-reg-rate = 正则化率
    .title = 正则化惩罚的强度。
teach-optimizer = 优化器
    .title = 权重如何根据梯度更新。
teach-diverged = {" "}— 请按“重置”重新开始。
teach-data = 数据
teach-ratio = 训练数据占比：{ $pct } %
teach-noise = 噪声：{ $noise }
teach-batch = 批大小：{ $n }
teach-regenerate = 重新生成
teach-problem = 问题类型
    .title = 分类预测颜色；回归预测 −1 到 1 之间的一个数。
teach-classification = 分类
teach-regression = 回归
teach-engine = 引擎
    .title = 很小的网络在 CPU 上训练最快：每次 GPU 调度的开销比整步计算还大。
teach-output = 输出
teach-test-loss = 测试集损失
teach-train-loss = 训练集损失
teach-test-accuracy = 测试集准确率
teach-train-accuracy = 训练集准确率
teach-discretize = 离散化输出
teach-loss = 损失
teach-chart-training = 训练集
teach-chart-test = 测试集
teach-note-ignored = 已忽略链接中的 { $key }={ $value }（不是有效的值）
teach-ds-circle = 圆形
teach-ds-xor = 异或
teach-ds-gauss = 高斯
teach-ds-spiral = 螺旋
teach-ds-moons = 双月
teach-ds-checkerboard = 棋盘
teach-ds-plane = 平面
teach-ds-multi-gauss = 多高斯
teach-ds-blobs-k = 多团簇
teach-ds-spiral-k = 多臂螺旋

## 网络示意图

teach-feature-add = { $feature }：点击添加这个输入
teach-feature-remove = { $feature }：点击移除这个输入
teach-weight = 权重 { $weight }
teach-output-node = 输出
teach-node = 第 { $layer } 层，第 { $neuron } 个神经元
teach-neuron-fewer = 减少一个神经元
teach-neuron-more = 增加一个神经元
teach-neuron-of = 第 { $layer } 层的第 { $neuron } 个神经元
teach-the-output = 输出
teach-weight-from = 从 { $from } 到 { $to } 的权重：
teach-hover = 把鼠标移到一条连接上，可以查看并编辑它的权重。
teach-features = 特征
teach-add-layer = 添加一个隐藏层
teach-remove-layer = 删除最后一个隐藏层
teach-hidden-layers = { $n } 个隐藏层
