### Kiln，简体中文：第 3 步“训练”：训练设置、引擎选择、状态信息、图表。
### 这里每条消息的 id 都以 `train-` 开头，且必须与 ../en/train.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/


## 训练循环的状态行（kiln-ml）

train-status-settings-applied = 已从第 { $epoch } 轮第 { $batch } 批起应用新设置：学习率 { $lr }，L1 { $l1 }，L2 { $l2 }，权重衰减 { $decay }
train-status-early-no-validation = 早停需要验证集；本次训练将跑完所有轮次
train-status-early-stop = 第 { $epoch } 轮后早停：{ $monitor } 已连续 { $wait } 轮没有改善（{ $best }）
train-status-early-best = 最佳 { $monitor } { $value }，在第 { $epoch } 轮
train-status-early-no-finite = 没有有限的 { $monitor }
train-status-early-restored = 已恢复第 { $epoch } 轮的权重（{ $monitor } { $value }）

## worker 的状态行

train-status-preparing = 正在准备数据：编码、划分…
train-status-compiling = 正在编译 GPU 内核…（第一批需要几秒钟）
train-status-training = 训练中…
train-status-measuring = 正在此模型上测量 WebGPU 和 CPU 的速度（编译 GPU 内核）…
train-status-dictionary = 正在加载中文分词词典（jieba，约 2 MB）…

## 页面的状态行

train-status-idle = 空闲
train-status-starting = 正在启动…
train-status-pausing = 正在暂停…
train-status-reset = 已重置：下次训练将从新的初始权重开始（相同随机种子）
train-status-paused = 已暂停，停在第 { $epoch } 轮第 { $batch } 批之前
train-status-diverged = 已发散
train-status-restored = 已恢复第 { $epoch } 轮第 { $batch } 批的权重
train-status-stopped = 已停止
train-status-finished = 已完成
train-status-failed = 失败

## 第 3 步面板

train-title = 训练
train-not-started = 尚未开始
train-button = 训练
train-button-loading = 正在加载引擎…
train-button-fix = 请先修正模型（第 2 步）：{ $detail }
train-pause = 暂停
    .title = 在下一批之前暂停训练；权重会保留。
train-resume = 继续
    .title = 从暂停处继续，使用当前设置的学习率和正则化。
train-step = 单步
    .title = 只训练一批，然后再次暂停。
train-stop = 停止
train-reset = 重置
    .title = 丢弃已训练的权重和图表；下次训练将从由随机种子生成的新初始权重开始。
train-engine-later = 引擎：按下“训练”时选择
train-diverged = 训练已停止：
train-restore = 恢复最后一组正常权重
train-progress = 轮次 { $epoch }/{ $epochs } · 批 { $batch }/{ $batches } · 每秒 { $speed } 个样本 · { $status }
train-chart-loss = 损失（{ $loss }）
train-chart-accuracy = 准确率
train-chart-epoch = 轮次
train-chart-batches = 各批
train-chart-train = 训练集
train-chart-validation = 验证集
train-error-no-data = 数据集尚未加载
train-error-model = 模型暂时无法训练：{ $detail }

## 第 3 步设置

train-engine = 引擎
    .title = “自动”会测量此模型在本机上哪种引擎更快。WebGPU 在显卡上运行 burn 的 wgpu 后端；CPU 运行编译为 WebAssembly 的 burn CPU 后端。
train-engine-auto = 自动
train-epochs = 轮次（epoch）
    .title = 一个轮次就是完整地过一遍训练集。
train-lr = 学习率
    .title = Adam 的步长。0.001 是参考模型（Keras）的默认值。0.005 学得更快，但容易过拟合：留意验证集损失上升而训练集损失降到零。
train-optimizer = 优化器
    .title = 权重如何沿梯度更新。
train-schedule = 学习率调度
    .title = 训练过程中学习率如何变化。恒定：不变。阶梯衰减：每 3 轮减半。余弦：在最后一轮平滑地降到零。
train-schedule-constant = 恒定
train-schedule-step = 阶梯衰减（每 3 轮 ×0.5）
train-schedule-cosine = 余弦
train-batch = 批大小
    .title = 每次梯度更新使用的样本数。
train-seed = 随机种子
    .title = 决定数据划分、初始权重和打乱顺序：相同的种子得到相同的训练过程。
train-l1 = L1
    .title = L1 正则化：在损失中加上 λ·Σ|w|，把无用的权重压到恰好为零。0 = 关闭。
train-l2 = L2
    .title = L2 正则化：在损失中加上 λ·Σw²，使权重保持较小，减少过拟合。0 = 关闭。
train-wd = 权重衰减
    .title = 权重衰减：每一步都把每个权重稍微缩小一点（AdamW 把它与梯度分开处理）。0 = 关闭。
train-clip = 梯度裁剪范数
    .title = 梯度裁剪：如果梯度的总长度超过这个值，就把它缩放到这个值，防止一个坏批次把权重甩得太远。留空或 0 = 关闭。
train-clip-off = 关闭
train-error-epochs = 轮次必须是整数
train-error-batch = 批大小必须是整数
train-error-lr = 学习率必须是大于 0 的数，例如 0.001
train-error-l1 = L1 必须是数字
train-error-l2 = L2 必须是数字
train-error-wd = 权重衰减必须是数字
train-error-clip = 梯度裁剪必须是正数（0 表示关闭）
train-error-seed = 随机种子必须是 ≥ 0 的整数

## 范围消息（kiln-core 的取值范围）

train-error-range-int = { $name }必须是 { $min } 到 { $max } 之间的整数，实际为 { $value }
train-error-range-float = { $name }必须是{ $range }的数，实际为 { $value }
train-range-above = 大于 { $min }
train-range-at-least = 不小于 { $min }
train-range-from-to = { $min } 到 { $max } 之间
train-range-above-below = 大于 { $min } 且小于 { $max }
train-range-at-least-below = 不小于 { $min } 且小于 { $max }
train-range-above-at-most = 大于 { $min } 且不超过 { $max }
train-name-epochs = 轮次
train-name-batch = 批大小
train-name-lr = 学习率
train-name-wd = 权重衰减
train-name-clip = 梯度裁剪范数（0 表示关闭）
train-from-weights = 训练将从打开的模型文件的权重继续（“重置”则从新的初始权重开始）。
train-from-restored = 训练将从上次会话恢复的权重继续（“重置”则从新的初始权重开始）。

## 本次运行选用的引擎及原因（crates/kiln-web/src/engine.rs）

train-engine-cpu-selected = CPU：已选择（burn 的 CPU 后端，编译为 WebAssembly）
train-engine-webgpu-selected = WebGPU：已选择（{ $adapter }）
train-engine-webgpu-selected-software = WebGPU：已选择（{ $adapter }，软件适配器）
train-engine-cpu-tiny = CPU：这个网络只有 { $params } 个参数，很小，每一步的 GPU 调度开销会占主导
train-engine-cpu-unavailable = CPU：WebGPU 不可用：{ $why }
train-engine-cpu-software = CPU：WebGPU 适配器是软件渲染器（{ $adapter }），对这种规模的模型比 CPU 引擎慢
train-engine-webgpu-faster = WebGPU：对这个模型更快（{ $gpu } 对 { $cpu } 毫秒/步，{ $adapter }）
train-engine-cpu-faster = CPU：对这个模型更快（{ $cpu } 对 { $gpu } 毫秒/步，WebGPU 上）
