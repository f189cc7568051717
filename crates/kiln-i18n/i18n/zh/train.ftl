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

train-status-idle = {""}
train-status-starting = 正在启动…
train-status-pausing = 正在暂停…
train-status-reset = 已重置：下次训练将从新的初始权重开始（相同随机种子）
train-status-paused = 已暂停，停在第 { $epoch } 轮第 { $batch } 批之前
train-status-diverged = 已发散
train-status-restored = 已恢复第 { $epoch } 轮第 { $batch } 批的权重
train-status-stopped = 已停止
train-status-finished = 已完成
train-status-failed = 失败
