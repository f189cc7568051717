### Kiln，简体中文：实验室：五个步骤之外的实验。
### 这里每条消息的 id 都以 `lab-` 开头，且必须与 ../en/lab.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/


lab-title = 实验室
lab-intro = 本领域正在探索的三个方向，在你上面训练的模型上试一试：把模型变小；不把数据集中到一处也能训练；让 Kiln 替你搜索超参数。
lab-tab-compress = 压缩
lab-tab-federated = 联邦学习
lab-tab-search = 超参数搜索
lab-stop = 停止
lab-not-a-number = { $value } 不是一个数字

## worker 正在做什么（实验室任务的状态行）

lab-status-starting = 正在启动…
lab-status-stopping = 正在停止（等当前这一批完成）…
lab-status-compressing = 正在压缩：量化，并在测试集上评估压缩前后的两个模型…
lab-status-federated = 训练中：各客户端在本地训练，服务器对它们的权重求平均…
lab-status-searching = 正在搜索：每次试验在训练集上训练，并在验证集上评分…
lab-status-round = 第 { $round } 轮，共 { $rounds } 轮
lab-status-trial = 试验 { $trial }（第 { $rung } 级）已完成
lab-status-stopped = 已停止
lab-status-done = 已完成

## 早停（第 3 步设置中的一行）

lab-early = 早停
    .title = 当验证集损失连续 `patience` 轮没有改善时停止训练（需要验证集）。既节省时间，又能在过拟合刚出现时及时发现。
lab-early-patience = 耐心值
    .title = 验证集损失没有变好的轮数达到此值时停止训练（0 到 1000）。
lab-early-restore = 恢复最佳权重
    .title = 训练结束时，恢复验证集损失最低的那一轮的权重，而不是保留最后一轮的权重。
lab-early-bad-patience = 耐心值必须是 0 到 1000 之间的整数轮数

## 压缩：量化与剪枝

lab-compress-intro = 训练好的模型主要由数字组成，而其中大多数并不需要用 32 位浮点数存储。量化把每个权重存成一个 8 位整数，再乘以每个输出通道的缩放因子；剪枝把最小的那些权重直接置为零。对照大小一栏与测试集准确率、预测一致率：模型能缩小到什么程度，才开始给出不同的回答？
lab-compress-no-model = 请先在第 3 步训练一个模型：压缩作用于训练好的权重。
lab-compress-uses = 使用第 3 步训练的模型（在 { $dataset } 上训练）：压缩它的权重，并在该数据集的测试集上衡量。
lab-compress-other-data = 第 3 步的模型是在 { $model } 上训练的，但现在选择的数据集是 { $current }：压缩要在模型自己的数据上衡量，请在第 1 步重新选择 { $model }，或先在 { $current } 上训练。
lab-compress-opened = 当前使用的模型是从文件打开或从上次会话恢复的（在 { $model } 上训练）：压缩需要它的训练数据，请先在第 3 步训练它（训练会从它的权重继续），再压缩。
lab-compress-format = 权重存储格式
lab-format-int8 = int8（按输出通道）
lab-format-float16 = float16
lab-format-float32 = float32（仅剪枝）
lab-compress-sparsity = 剪枝比例
    .title = 按幅值剪枝：把每个卷积核/权重矩阵中这一比例的权重（从最小的开始）置为零（偏置保留）。
lab-compress-fine-tune = 剪枝后微调
    .title = 在被剪掉的权重保持为零的情况下再训练一会儿，以挽回准确率（0 到 20 轮）。
lab-compress-fine-tune-unit = 轮
lab-compress-run = 压缩
lab-compress-keep = 设为当前模型
lab-compress-kept = 已保留：“试一试”和评估现在使用压缩后的模型（测试集准确率 { $pct }）。
lab-compress-note = 压缩后的测试指标使用反量化后的权重（int8 × 缩放因子，以 f32 计算）：它们反映的是少存几位所损失的精度，而不是 int8 运算的效果。
lab-compress-histograms = 各层权重分布：压缩前（灰色）与压缩后（蓝色）
lab-compress-bad-fine-tune = 微调轮次必须在 0 到 20 之间
lab-before = 压缩前
lab-after = 压缩后
lab-change = 变化
lab-row-size = 大小（字节，导出的权重）
lab-row-gzip = gzip 压缩后的大小（字节）
lab-row-params = 保留的参数（非零）
lab-row-accuracy = 测试集准确率
lab-row-loss = 测试集损失
lab-row-agreement = 与原模型预测一致
lab-of = { $part } / { $whole }
lab-smaller = 缩小为 1/{ $ratio }
lab-pp = { $delta } 个百分点
lab-histogram = { $layer } 的权重
lab-tensor-line = { $stored } · 保留 { $kept } / { $total } · 最大 |w − ŵ| { $error }
lab-stored-int8-row = int8，每行一个缩放因子
lab-stored-int8-channel = int8，每个输出通道一个缩放因子

## 联邦学习

lab-fed-intro = 联邦学习在数据从不离开其所有者的前提下训练同一个模型。这里把训练集分给若干模拟的客户端（手机、医院）；每一轮，部分客户端在自己的样本上训练一份模型副本，只把权重发回，由服务器求平均（FedAvg）。对比全局模型与同等训练量的集中式训练的曲线，并观察数据划分越偏斜（α 越小）收敛越慢。
lab-fed-uses = 在现在选择的数据集 { $dataset } 上，用新的初始权重训练第 2 步的模型（不使用第 3 步训练好的模型）。
lab-fed-privacy = 只对权重更新求平均：任何客户端的样本都不会被其他客户端或服务器看到。
lab-fed-clients = 客户端数 N
lab-fed-split = 数据划分
lab-fed-iid = IID（打乱后均分）
lab-fed-dirichlet = 按标签的非 IID 划分（Dirichlet）
lab-fed-alpha = Dirichlet α
    .title = 各客户端标签的偏斜程度：0.1 表示每个客户端几乎只有一个类别，100 接近 IID。
lab-fed-bad-alpha = α 必须在 0.01 到 10000 之间，实际为 { $value }
lab-fed-fraction = 每轮参与比例 C
lab-fed-local-epochs = 本地轮次 E
lab-fed-local-batch = 本地批大小 B
lab-fed-rounds = 通信轮数 R
lab-fed-mu = FedProx μ
    .title = FedProx 在每个客户端的损失上加上 μ/2·‖w − w_global‖²，使本地模型在偏斜数据上不偏离全局模型太远。0 即普通的 FedAvg。
lab-fed-run = 开始联邦训练
lab-fed-mix = 各客户端的类别构成
lab-fed-local = 最后一轮的客户端：在各自数据上的准确率
lab-fed-client = 客户端 { $client }：{ $examples } 个样本
lab-fed-client-loss = 客户端 { $client }：{ $examples } 个样本，本地损失 { $loss }
lab-fed-accuracy-chart = 全局模型：每轮的测试集准确率
lab-fed-loss-chart = 全局模型：每轮的测试集损失
lab-fed-round = 通信轮次
lab-fed-global = 联邦学习（全局模型）
lab-fed-centralised = 集中式训练，相同步数

## 超参数搜索

lab-search-intro = 手动挑选学习率、批大小或某一层的宽度需要跑很多次。超参数搜索替你完成这些运行：每次试验用从你勾选的范围中抽取的设置训练模型，并在验证集上评分。逐次减半（successive halving）先给每次试验几轮，只让表现最好的三分之一继续训练。看看验证集损失在不同试验之间差异有多大，再载入最佳设置。
lab-search-uses = 每次试验都在现在选择的数据集 { $dataset } 上，用新的初始权重训练第 2 步的模型，并在它的验证集上评分（不使用第 3 步训练好的模型）。
lab-search-space = 搜索范围：
lab-search-lr = 学习率，从
lab-search-lr-to = 到
lab-search-batch = 批大小（16、32、64、128）
lab-search-units = 第一个隐藏层的单元数（8–64）
lab-search-dropout = Dropout 比率（0–0.5）
lab-search-optimizers = 优化器（SGD、Adam、RMSprop）
lab-search-strategy = 策略
lab-search-random = 随机搜索
lab-search-halving = 逐次减半（η = 3）
lab-search-trials = 试验次数
lab-search-epochs = 每次试验最多的轮次
lab-search-patience = 早停耐心值
lab-search-run = 搜索
lab-search-use-best = 使用最佳设置
lab-search-no-space = 请至少勾选一项要搜索的设置
lab-search-no-units = 模型中没有可改变单元数的隐藏 Dense 层或卷积层
lab-search-no-dropout = 模型中没有 Dropout 层：请在第 2 步添加一个，才能搜索它的比率
lab-search-bad-lr = 学习率范围必须满足 0 < 下限 ≤ 上限 ≤ 10，实际为 [{ $low }, { $high }]
lab-search-out-of-range = { $what }必须在 { $lo } 到 { $hi } 之间，实际为 { $value }
lab-search-what-trials = 试验次数
lab-search-what-epochs = 每次试验的轮次
lab-search-what-patience = 耐心值
lab-search-col-trial = #
lab-search-col-lr = 学习率
lab-search-col-batch = 批大小
lab-search-col-optimizer = 优化器
lab-search-col-units = 单元数
lab-search-col-dropout = Dropout
lab-search-col-epochs = 轮次
lab-search-col-val-loss = 验证集损失
lab-search-col-val-accuracy = 验证集准确率
lab-search-trial-rung = { $trial } · 第 { $rung } 级
lab-search-epochs-of = { $epochs }/{ $budget }
lab-search-epochs-early = { $epochs }/{ $budget }（早停）
lab-search-failed = 失败
lab-search-chart = 每次试验的验证集损失
lab-search-chart-ranked = 每次试验的验证集损失（按准确率排名）
lab-search-chart-x = 试验（按运行顺序）
lab-search-chart-loss = 验证集损失
lab-search-chart-best = 目前最佳
