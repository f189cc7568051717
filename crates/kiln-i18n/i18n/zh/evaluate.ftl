### Kiln，简体中文：第 4 步“评估”：测试指标、评估报告、“试一试”。
### 这里每条消息的 id 都以 `evaluate-` 开头，且必须与 ../en/evaluate.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/

evaluate-title = 评估
evaluate-test-accuracy = 测试集准确率
evaluate-test-loss = 测试集损失
evaluate-test-examples = { $unit ->
        [images] 张测试图像
        [rows] 行测试数据
        [texts] 篇测试文本
       *[sentences] 个测试句子
    }（从未用于训练）
evaluate-untrained = 训练一个模型，看看它在从未见过的{ $unit ->
        [images] 图像
        [rows] 数据行
        [texts] 文本
       *[sentences] 句子
    }上表现如何。
evaluate-train-first = 请先训练一个模型
evaluate-type = 输入一句话
evaluate-probability = { $class }的概率 { $pct }%
evaluate-class-negative = 负面
evaluate-class-positive = 正面
evaluate-try = 试一试
evaluate-try-upload = 输入一段与你的数据类似的文本，看模型判断为 { $neg } 还是 { $pos }
evaluate-try-review = 输入一条评论，例如“这家餐厅很好吃，服务也很周到”
evaluate-try-not-text = “试一试”接收在这里输入的句子，因此只适用于两个类别的文本数据集。对于这个数据集，上面的测试集准确率说明了模型在从未见过的样本上的表现。
evaluate-draw-label = 手写区域：用鼠标、手指或触控笔写一个数字
evaluate-draw-clear = 清除
evaluate-draw-hint = 在方框里写一个数字：每写完一笔，模型就给出预测。也可以把 PNG 或 JPEG 图像拖到这里。
evaluate-image-hint = 把 PNG 或 JPEG 图像拖到这里，或选择一个：它会按训练图像的方式缩放。
evaluate-image-pick = 选择图像…
evaluate-draw-seen = 模型看到的输入：{ $height }×{ $width }，已按训练图像的方式居中并缩放
evaluate-try-class = 预测：{ $class }
evaluate-try-value = 预测值：{ $value }
evaluate-try-probabilities = 各类别的概率
evaluate-row-mean = 训练集均值：{ $mean }
evaluate-row-unseen = { $value }（训练中未出现）
evaluate-row-random = 随机测试样本
evaluate-row-invalid = { $column } 为空或不是数字：请输入一个数字以得到预测
evaluate-row-out-of-range = { $column } = { $value } 超出了训练数据的范围（{ $min } 到 { $max }）：模型只是在外推，这个预测说明不了什么

## 深入分析测试集（每次运行后的报告）

evaluate-report-title = 深入分析测试集
evaluate-report-none = 每次运行结束后，这里会深入评估测试集：模型在哪里出错，以及它当时有多大把握。
evaluate-accuracy-chip = 准确率 { $pct }
evaluate-threshold = 决策阈值
evaluate-threshold-help = 概率不低于此值的样本判为正类
evaluate-threshold-marker = 阈值 { $value }
evaluate-roc = ROC 曲线 · AUC { $auc }
evaluate-pr = 精确率-召回率曲线 · 平均精确率 { $ap }
evaluate-fpr = 假正例率
evaluate-tpr = 真正例率
evaluate-recall = 召回率
evaluate-precision = 精确率
evaluate-mae = MAE（平均绝对误差）
evaluate-rmse = RMSE（均方根误差）
evaluate-r2 = R²（1 表示完美拟合，0 相当于只预测均值）
evaluate-scatter = 预测值与真实值（测试集）
    .aria-label = 预测值相对于真实值
evaluate-scatter-true = 真实值
evaluate-scatter-predicted = 预测值
evaluate-cell = { $count } 个真实类别为“{ $truth }”、被预测为“{ $predicted }”的测试样本
evaluate-cell-asking = 正在列出这一格的样本…
evaluate-close = 关闭
evaluate-confident-errors = 最有把握的错误
evaluate-biggest-errors = 误差最大的样本
evaluate-no-errors = 在这个阈值下，没有预测错误的测试样本。
evaluate-left-out = 另有 { $count } 个测试样本计入了指标，但没有列出（列表优先保留错误样本）。
evaluate-class-n = 类别 { $class }

## 混淆矩阵与各类别指标

evaluate-matrix-caption = 混淆矩阵：行是真实类别，列是预测类别。点击一个单元格可列出其中的样本。
evaluate-matrix-corner = 真实 ↓ · 预测 →
evaluate-matrix-cell = { $count } 个 { $truth } 被预测为 { $predicted }
evaluate-class = 类别
evaluate-support = 支持数
evaluate-macro = 宏平均
evaluate-weighted = 加权平均
evaluate-accuracy = 准确率
evaluate-zero-division = 从未被预测到的类别，其精确率记为 0（即 scikit-learn 的 zero_division=0），而不是 NaN。

## 列出的测试样本与词语贡献

evaluate-outcome = 真实：{ $truth } · 预测：{ $predicted }（把握 { $sure }）
evaluate-outcome-value = 真实：{ $truth } · 预测：{ $predicted }（相差 { $off }）
evaluate-why = 为什么？
evaluate-method-occlusion = 遮挡法：从文本中删去这个词后（模型重新运行一次）得分下降了多少
evaluate-method-integrated-gradients = 在词嵌入上计算梯度 × 输入，并从空文本起精确积分：各词的贡献之和等于得分减去空文本的得分
evaluate-word-oov = 不在词表中：按未知词处理
evaluate-word-unseen = { $word }：超出序列长度，模型没有看到它
evaluate-word-oov-towards = { $word }：不在词表中，按未知词处理（朝“{ $class }”方向 { $logits } 个 logits）— { $how }
evaluate-word-towards = { $word }：朝“{ $class }”方向 { $logits } 个 logits — { $how }
evaluate-words-towards = 绿色：支持“{ $class }”，红色：反对它
evaluate-words-sum = 合计 { $total } logits（得分 { $score }，空文本 { $empty }）
evaluate-words-dashed = 虚线

## 多次运行对比

evaluate-runs-title = 多次运行对比
evaluate-runs-empty = 每次完成的运行都会连同设置和结果保存在这里，方便比较。
evaluate-runs-loss-chart = 每轮的验证集损失
evaluate-runs-accuracy-chart = 每轮的验证集准确率
evaluate-runs-sort = 点击列名排序
evaluate-runs-epoch-tick = 第 { $epoch } 轮
evaluate-runs-legend = 运行 #{ $run } · 学习率 { $lr }
evaluate-runs-stopped = { $epochs }（已停止）
evaluate-runs-run = 运行
evaluate-runs-dataset = 数据集
evaluate-runs-layers = 层数
evaluate-runs-lr = 学习率
evaluate-runs-batch = 批大小
evaluate-runs-epochs = 轮次
evaluate-runs-train-loss = 训练集损失
evaluate-runs-val-loss = 验证集损失
evaluate-runs-test-loss = 测试集损失
evaluate-runs-test-accuracy = 测试集准确率
evaluate-runs-macro-f1 = 宏平均 F1
evaluate-runs-roc-auc = ROC AUC
evaluate-runs-r2 = R²

## Word map

evaluate-map-title = 词向量图
evaluate-map-help = 出现最频繁的 { $count } 个词学到的词嵌入向量（Embedding），经主成分分析 (PCA) 投影到二维。颜色为对“{ $class }”的平均贡献：绿色表示推向该类别，红色表示远离该类别，灰色表示未出现在训练句子中。
evaluate-map-help-value = 出现最频繁的 { $count } 个词学到的词嵌入向量（Embedding），经主成分分析 (PCA) 投影到二维。颜色为对预测值的平均贡献：绿色表示使其升高，红色表示使其降低，灰色表示未出现在训练句子中。
evaluate-map-variance = 主成分分析 (PCA)：第 1 轴解释 { $x } 的方差，第 2 轴解释 { $y }
evaluate-map-pick = 将鼠标移到词上、聚焦或点击它，即可看到与它最相近的词。圆点是标签会盖住更常见词的词：把鼠标移到圆点上，或放大（+）。
evaluate-map-zoom-in = 放大（以选中的词为中心）
evaluate-map-zoom-out = 缩小
evaluate-map-zoom = 缩放 ×{ $zoom }
evaluate-map-neighbours = “{ $word }”的最近邻（余弦相似度）
evaluate-map-word-title = { $word }：平均贡献 { $value } 个 logit 单位，共出现 { $count } 次
evaluate-map-word-unseen = { $word }：未出现在训练句子中
evaluate-map-aria = 词向量图：{ $count } 个词
evaluate-runs-restore-column = 设置
evaluate-restore = 恢复
    .title = 把这次运行的模型和训练设置放回模型构建器和训练设置
evaluate-restore-missing-title = 训练于上传的数据 { $name }，它已不在当前页面中
evaluate-restore-loading = 正在加载运行 #{ $run } 的数据集，随后恢复它的设置。
evaluate-restore-missing = 运行 #{ $run } 训练于上传的数据 { $name }，它已不在当前页面中：请在第 1 步重新选择这些文件，然后再恢复。
evaluate-restore-failed = 运行 #{ $run } 的数据集未能加载：没有恢复它的设置。
evaluate-restored = 运行 #{ $run } 的模型结构和训练设置已放回模型构建器。训练好的权重不会保留：请重新训练（“评估”和“试一试”仍显示最后训练的模型）。
evaluate-opened-button = 在 { $dataset } 上评估
    .title = 在此数据集的测试集上生成已打开模型的测试报告（使用它自己的划分和随机种子，并用模型文件中的预处理编码）
evaluate-opened-intro = { $name } 是从模型文件打开的：可按需生成它的测试报告。
evaluate-opened-running = 正在测试集上评估…
evaluate-opened-no-data = 请先加载数据集，再在其上评估已打开的模型。
evaluate-opened-loading = 数据集仍在加载。
evaluate-opened-kind = 已打开的模型的输入是{ $model }，但 { $dataset } 中是{ $data }：无法在其上评估。
evaluate-opened-shape = 已打开的模型接受 { $model } 的图像，但 { $dataset } 的图像是 { $data }。
evaluate-opened-width = 已打开的模型每行接受 { $model } 个特征，但 { $dataset } 每行有 { $data } 个。
evaluate-opened-classes = 已打开的模型认识的类别是 { $model }，但 { $dataset } 的类别是 { $data }。
evaluate-opened-regression = 已打开的模型预测一个数值，但 { $dataset } 的目标是类别。
evaluate-opened-classifier = 已打开的模型预测类别，但 { $dataset } 的目标是数值。
evaluate-kind-text = 文本
evaluate-kind-table = 表格行
evaluate-kind-images = 图像
