### Kiln，简体中文：第 5 步“部署”：模型文件、导出、在别处运行、保存在浏览器中的会话。
### 这里每条消息的 id 都以 `deploy-` 开头，且必须与 ../en/deploy.ftl 中的 id 一一对应；
### 花括号里的 $变量 原样保留（位置可按中文语序调整）。语法见 https://projectfluent.org/fluent/guide/

deploy-title = 部署
deploy-intro = 把训练好的模型带走。.kiln 模型文件包含网络结构、权重，以及为新的原始输入打分所需的一切（词表、列统计量、图像尺寸、类别名称）；可以在这里重新打开，也可以在本机命令行中使用：
deploy-download = ⤓ 下载模型
    .title = 把训练好的模型保存为一个 .kiln 文件（safetensors 加上 Kiln 的描述信息）。
deploy-exports = 导出给其他工具：
deploy-export-onnx = ONNX
    .title = 一个 .onnx 文件（opset 17），可用于 onnxruntime 等 ONNX 工具。
deploy-export-keras = Keras 代码
    .title = 一个重建此网络的 Keras 3 脚本，以及它的权重（.safetensors）。
deploy-export-pytorch = PyTorch 代码
    .title = 一个 PyTorch 脚本（nn.Module，可用 torchrun 运行）及其 state dict（.safetensors）。
deploy-no-model = 先训练一个模型（第 3 步）或打开一个模型文件，才能下载。
deploy-writing = 正在写入文件…
deploy-file = { $name }（{ $size }）
deploy-downloaded = 已下载 { $files }
deploy-download-failed = 无法下载 { $name }：{ $detail }
deploy-size-bytes = { $bytes } 字节
deploy-size-kb = { $kb } KB

## 保存在浏览器中的会话

deploy-session = 本次会话
deploy-keep = 本次会话（所选数据集、模型、设置、图表和训练好的权重）只保存在这个浏览器中，从不上传。
deploy-fresh = 重新开始
    .title = 清除保存的会话，并以默认设置重新加载页面。
deploy-session-restored = 已恢复你上次的会话（只保存在这个浏览器中）。
deploy-session-unreadable = 无法读取上次的会话（{ $error }）；将重新开始。
deploy-session-upload = 你上次的会话使用了你自己的文件“{ $name }”，本页面不会保存这些文件：如需在其上训练或评估，请在第 1 步重新选择。在此之前先加载默认数据集。
deploy-status-restored = 已从上次访问中恢复
deploy-quota = 无法为下次访问保存{ $what }（{ $size }）：{ $why }。改为保存了：{ $kept }。
deploy-quota-full = 浏览器分配给本页面的存储配额已用完
deploy-quota-refused = 浏览器拒绝了写入（{ $error }）
deploy-kept-weights = 训练好的权重
deploy-kept-settings = 会话设置
deploy-kept-instead-no-weights = 所选数据集、模型的各层、设置和图表；训练好的权重在重新加载后会丢失，请用“下载模型”保存它们
deploy-kept-instead-previous = 这次更改之前保存的会话

## 打开模型文件

deploy-open-title = 打开模型文件
deploy-open-intro = 继续使用从 Kiln 下载的模型（.kiln 文件）：“试一试”和评估会立即使用它，训练会从它的权重继续。把文件拖到这里，或者
deploy-open-pick = ⤒ 选择 .kiln 文件
deploy-opening = 正在打开…
deploy-last-visit-model = 上次访问时的模型
# $kind 为 text、table 或 images；$accuracy 为 deploy-opened-accuracy 或空。
deploy-opened = 已打开 { $name }（{ $size }）：一个{ $kind ->
        [text] 文本
        [table] 表格
       *[images] 图像
    }模型，在 { $dataset } 上训练，共 { $classes } 个类别{ $accuracy }。
deploy-opened-accuracy = ，测试集准确率 { $pct }%
deploy-open-failed = 无法打开 { $name }：{ $message }。当前模型保持不变。
deploy-open-failed-restore = 无法打开上次访问时保存的模型（{ $message }）；请重新训练。
deploy-status-opened = 已打开 { $name }：在 { $dataset } 上训练
deploy-status-restored-model = 已恢复上次会话的模型（在 { $dataset } 上训练）
# 本浏览器保存的模型在重新加载时恢复（$name 为 deploy-last-visit-model）；其余同 deploy-opened。
deploy-restored = 已恢复 { $name }（{ $size }）：一个{ $kind ->
        [text] 文本
        [table] 表格
       *[images] 图像
    }模型，在 { $dataset } 上训练，共 { $classes } 个类别{ $accuracy }。
