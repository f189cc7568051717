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
