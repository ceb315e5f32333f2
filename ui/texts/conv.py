"""Texts of the Convolutional AE page (the source text's CAE section)."""

TEXTS = {
    "cv.title": {"en": "Convolutional autoencoder", "ko": "컨볼루션 오토인코더"},
    "cv.intro": {
        "en": "A **convolutional autoencoder (CAE)** is an autoencoder designed for images. It uses the "
              "structure of a CNN (convolutional neural network) to learn the spatial patterns of an image.",
        "ko": "**컨볼루션 오토인코더**(CAE)는 이미지 데이터를 처리하기 위해 설계된 오토인코더입니다. "
              "CNN(Convolutional Neural Network)의 구조를 사용하여 이미지의 공간적 패턴을 학습합니다.",
    },
    "cv.purpose": {
        "en": "**Purpose:** compress and restore images, extracting their important features and "
              "reconstructing the original image.",
        "ko": "**목적:** 이미지 데이터의 압축 및 복원을 통해 중요한 특징을 추출하고, 원래 이미지를 "
              "재구성합니다.",
    },
    "cv.structure": {
        "en": "**Encoder:** CNN layers compress the input image. *Convolution layers* extract local "
              "features; *pooling layers* shrink the feature maps while keeping the important "
              "information.  \n"
              "**Decoder:** restores the compressed feature maps to the original image size. *Upsampling* "
              "restores the size that pooling removed; *transposed convolution layers* restore the "
              "compressed information to the original image.",
        "ko": "**인코더:** CNN 레이어를 사용하여 입력 이미지를 압축합니다. *컨볼루션 레이어*는 이미지의 "
              "국소적 특징을 추출하고, *풀링 레이어*는 특징 맵의 크기를 줄이고 중요한 정보를 유지합니다.  \n"
              "**디코더:** 압축된 특징 맵을 원래 이미지 크기로 복원합니다. *업샘플링*은 풀링 레이어에서 줄인 "
              "크기를 다시 원래 크기로 복원하고, *컨볼루션 트랜스포즈 레이어*는 압축된 정보를 원래 이미지로 "
              "복원합니다.",
    },
    "cv.techniques": {
        "en": "**Key techniques:** *unpooling* restores the information lost in pooling; *transposed "
              "convolution*, the reverse of a convolution, restores the image size.",
        "ko": "**주요 기술:** *언풀링*(Unpooling)은 풀링 과정에서 잃어버린 정보를 복원하고, *컨볼루션 "
              "트랜스포즈*(Transpose Convolution)는 컨볼루션 연산의 역연산으로 이미지 크기를 복원합니다.",
    },
    "cv.decoder": {"en": "Decoder", "ko": "디코더"},
    "cv.decoder.unpool": {"en": "Max-unpooling + convolution", "ko": "맥스 언풀링 + 컨볼루션"},
    "cv.decoder.upsample": {"en": "Upsampling + convolution", "ko": "업샘플링 + 컨볼루션"},
    "cv.decoder.transposed": {"en": "Transposed convolution", "ko": "컨볼루션 트랜스포즈"},
    "cv.decoder_help.unpool": {
        "en": "Puts each value back where the encoder's max-pooling found its maximum (the pooling "
              "indices), zeros elsewhere, then a 3×3 convolution fills in.",
        "ko": "인코더의 맥스 풀링이 최댓값을 찾은 위치(풀링 인덱스)에 각 값을 되돌려 놓고 나머지는 0으로 "
              "채운 뒤, 3×3 컨볼루션이 빈 곳을 채웁니다.",
    },
    "cv.decoder_help.upsample": {
        "en": "Copies each value to its whole 2×2 block (nearest-neighbour upsampling), then a 3×3 "
              "convolution refines it.",
        "ko": "각 값을 2×2 블록 전체에 복사한 뒤(최근접 업샘플링), 3×3 컨볼루션이 다듬습니다.",
    },
    "cv.decoder_help.transposed": {
        "en": "A learned 4×4 kernel, stride 2, paints each input value onto a patch of the doubled-size "
              "output: the size and the filling are learned together.",
        "ko": "학습되는 4×4 커널이 스트라이드 2로 각 입력 값을 두 배 크기 출력의 한 영역에 칠합니다. 크기 "
              "복원과 채우기를 함께 학습합니다.",
    },
    "cv.arch_title": {"en": "The network, layer by layer", "ko": "층별 네트워크 구조"},
    "cv.arch_caption": {
        "en": "Each box is one layer's output for one image, channels × height × width, computed by "
              "running the real model; hover a box for its parameters. The code h in the middle has "
              "{dim} numbers.",
        "ko": "각 상자는 이미지 한 장에 대한 층의 출력(채널 × 높이 × 너비)이며, 실제 모델을 실행해 얻었습니다. "
              "상자 위에 마우스를 올리면 파라미터 수가 보입니다. 가운데 코드 h는 숫자 {dim}개입니다.",
    },
    "cv.kind.input": {"en": "image", "ko": "이미지"},
    "cv.kind.output": {"en": "output", "ko": "출력"},
    "cv.kind.conv": {"en": "conv 3×3", "ko": "컨볼루션 3×3"},
    "cv.kind.pool": {"en": "max-pool 2×2", "ko": "맥스 풀링 2×2"},
    "cv.kind.code": {"en": "code h", "ko": "코드 h"},
    "cv.kind.dense": {"en": "linear", "ko": "선형"},
    "cv.kind.unpool": {"en": "max-unpool", "ko": "맥스 언풀링"},
    "cv.kind.upsample": {"en": "upsample ×2", "ko": "업샘플링 ×2"},
    "cv.kind.deconv": {"en": "transposed conv 4×4", "ko": "컨볼루션 트랜스포즈 4×4"},
    "cv.parameters": {"en": "parameters", "ko": "파라미터"},
    "cv.params_title": {"en": "Parameters", "ko": "파라미터 수"},
    "cv.params_mlp": {"en": "MLP autoencoder", "ko": "MLP 오토인코더"},
    "cv.params_chosen": {"en": "chosen", "ko": "선택됨"},
    "cv.params_caption": {
        "en": "Total weights of each network with a {dim}-number code. Unpooling and upsampling only move "
              "values, so those two decoders have the same count; a 4×4 transposed kernel has more weights "
              "than a 3×3 convolution. The MLP autoencoder ({sizes}) needs {ratio:.0f}× more than the "
              "convolutional one, because its first layer connects every pixel to every hidden unit, "
              "while a convolution reuses one small kernel at every position.",
        "ko": "코드 크기가 {dim}인 각 네트워크의 전체 가중치 수입니다. 언풀링과 업샘플링은 값을 옮기기만 하므로 "
              "두 디코더의 수가 같고, 4×4 트랜스포즈 커널은 3×3 컨볼루션보다 가중치가 많습니다. MLP "
              "오토인코더({sizes})는 컨볼루션 오토인코더보다 {ratio:.0f}배 많이 필요합니다. 첫 층이 모든 "
              "픽셀을 모든 은닉 유닛에 연결하는 반면, 컨볼루션은 작은 커널 하나를 모든 위치에서 다시 쓰기 "
              "때문입니다.",
    },
    "cv.compare_title": {"en": "The three decoders side by side", "ko": "세 디코더 나란히 비교"},
    "cv.compare_intro": {
        "en": "The shipped models, identical but for the decoder, on the same test digits. Test MSE is "
              "the mean squared error over all {count:,} test images (lower is better). Max-unpooling "
              "has a head start: besides the code h it receives the encoder's pooling positions, "
              "information about where the strokes were that bypasses the code.",
        "ko": "디코더만 다른 세 사전 학습 모델이 같은 테스트 숫자를 복원한 결과입니다. 테스트 MSE는 테스트 "
              "이미지 {count:,}개 전체의 평균 제곱 오차입니다 (낮을수록 좋음). 맥스 언풀링은 유리한 "
              "조건에서 출발합니다. 코드 h 외에도 인코더의 풀링 위치, 즉 코드를 거치지 않는 획의 위치 "
              "정보를 받기 때문입니다.",
    },
    "cv.compare_computing": {
        "en": "Scoring the shipped decoders on all {count:,} test images in the background; their "
              "reconstructions and test MSE appear here when they are ready.",
        "ko": "제공된 디코더들을 테스트 이미지 {count:,}개 전체로 백그라운드에서 평가하는 중입니다. 준비되면 "
              "복원 결과와 테스트 MSE가 여기에 나타납니다.",
    },
    "cv.compare_row": {"en": "{decoder} · MSE {mse:.4f}", "ko": "{decoder} · MSE {mse:.4f}"},
    "cv.short.unpool": {"en": "max-unpooling", "ko": "맥스 언풀링"},
    "cv.short.upsample": {"en": "upsampling", "ko": "업샘플링"},
    "cv.short.transposed": {"en": "transposed conv", "ko": "컨볼루션 트랜스포즈"},
    "cv.compare_original": {"en": "original", "ko": "원본"},
    "cv.compare_missing": {
        "en": "{decoder}: not available ({message})",
        "ko": "{decoder}: 사용할 수 없음 ({message})",
    },
    "cv.compare_none": {
        "en": "None of the three shipped models could be loaded (see the note at the top of the page).",
        "ko": "사전 학습된 세 모델을 하나도 불러올 수 없습니다 (페이지 위쪽의 안내를 보세요).",
    },
    "cv.maps_title": {"en": "Feature maps of every layer", "ko": "모든 층의 특징 맵"},
    "cv.maps_intro": {
        "en": "What each layer of the page's model computes for one digit: every channel is one small "
              "image, brightened to its own maximum (a black tile is a channel that stays at zero for "
              "this digit). Hover a tile for its channel and value.",
        "ko": "페이지 모델의 각 층이 숫자 하나에 대해 계산한 결과입니다. 채널마다 작은 이미지 하나이며, 각자의 "
              "최댓값에 맞춰 밝기를 조정했습니다 (검은 칸은 이 숫자에서 0으로 남은 채널). 칸 위에 마우스를 "
              "올리면 채널과 값이 보입니다.",
    },
    "cv.maps_index": {"en": "Test image (index 0 to {last:,})", "ko": "테스트 이미지 (번호 0~{last:,})"},
    "cv.maps_layer": {"en": "**{name}** · {shape}", "ko": "**{name}** · {shape}"},
    "cv.maps_channel": {"en": "channel {index}", "ko": "채널 {index}"},
    "cv.maps_none": {
        "en": "Feature maps need a convolutional model: the page's model is not one.",
        "ko": "특징 맵에는 컨볼루션 모델이 필요한데, 페이지의 모델이 컨볼루션 모델이 아닙니다.",
    },
    "cv.unpool_title": {"en": "What max-unpooling does with the pooling indices",
                        "ko": "맥스 언풀링이 풀링 인덱스로 하는 일"},
    "cv.unpool_intro": {
        "en": "Max-pooling keeps the largest value of each 2×2 window and, in this network, remembers "
              "where it was (red). Max-unpooling puts each value back at exactly that position and zeros "
              "elsewhere; nearest upsampling, which has no indices, copies it to the whole window. A "
              "convolution after either fills in the rest.",
        "ko": "맥스 풀링은 2×2 창마다 가장 큰 값을 남기고, 이 네트워크에서는 그 위치를 기억합니다 (빨간 "
              "테두리). 맥스 언풀링은 각 값을 정확히 그 위치에 되돌리고 나머지는 0으로 채웁니다. 인덱스가 "
              "없는 최근접 업샘플링은 값을 창 전체에 복사합니다. 그 뒤의 컨볼루션이 나머지를 채웁니다.",
    },
    # The panels' titles break into two lines: four of them share a phone's width.
    "cv.unpool.input": {"en": "input<br>4×4", "ko": "입력<br>4×4"},
    "cv.unpool.pooled": {"en": "max-pooled<br>2×2 (index)", "ko": "맥스 풀링<br>2×2 (인덱스)"},
    "cv.unpool.unpooled": {"en": "max-unpooled<br>4×4", "ko": "맥스 언풀링<br>4×4"},
    "cv.unpool.upsampled": {"en": "upsampled<br>4×4 (nearest)", "ko": "업샘플링<br>4×4 (최근접)"},
    "cv.unpool_other": {"en": "Another example", "ko": "다른 예시"},
    "cv.checker_title": {"en": "Transposed convolution and checkerboard artefacts",
                         "ko": "컨볼루션 트랜스포즈와 체커보드 아티팩트"},
    "cv.checker_intro": {
        "en": "A transposed convolution paints every input value onto a kernel-sized patch of the output, "
              "stride pixels apart. When the kernel size is not a multiple of the stride, the patches "
              "overlap unevenly: some output pixels receive more paint than their neighbours, in a regular "
              "grid, and the output tends to show a checkerboard (Odena et al., 2016). The numbers count the "
              "patches covering each output pixel. This app's decoder uses kernel 4 with stride 2, whose "
              "overlap is even.",
        "ko": "컨볼루션 트랜스포즈는 각 입력 값을 스트라이드 간격으로 커널 크기의 출력 영역에 칠합니다. 커널 "
              "크기가 스트라이드의 배수가 아니면 영역이 고르지 않게 겹쳐, 일부 출력 픽셀이 이웃보다 규칙적으로 "
              "더 많이 칠해지고 출력에 체커보드 무늬가 생기기 쉽습니다 (Odena 외, 2016). 숫자는 각 출력 픽셀을 "
              "덮는 영역의 수입니다. 이 앱의 디코더는 겹침이 고른 커널 4, 스트라이드 2를 씁니다.",
    },
    "cv.checker.uneven": {"en": "kernel 3, stride 2: uneven", "ko": "커널 3, 스트라이드 2: 고르지 않음"},
    "cv.checker.even": {"en": "kernel 4, stride 2: even", "ko": "커널 4, 스트라이드 2: 고름"},
    "cv.checker_measure": {
        "en": "Measured on {count:,} test images: how strongly the average image follows a fixed "
              "2-pixel grid pattern (checkerboard or stripes), in grey levels out of 255. A decoder's "
              "artefact sits at the same grid positions in every image and survives the averaging; "
              "strokes do not. Originals {original}; {values}.",
        "ko": "테스트 이미지 {count:,}개로 측정: 평균 이미지가 고정된 2픽셀 격자 무늬(체커보드나 줄무늬)를 "
              "얼마나 따르는지, 255단계 회색 값으로 나타냈습니다. 디코더가 만든 아티팩트는 모든 이미지에서 "
              "같은 격자 위치에 나타나 평균을 내도 남지만, 획은 그렇지 않습니다. 원본 {original}; {values}.",
    },
    "cv.checker_shows": {
        "en": "Here the transposed decoder paints clearly more of it than the others: look for a fine "
              "grid in its reconstructions above and in its decoder deconv feature maps.",
        "ko": "여기서는 컨볼루션 트랜스포즈 디코더가 다른 디코더보다 이 무늬를 뚜렷이 많이 만듭니다. 위의 "
              "복원 결과와 디코더 deconv 특징 맵에서 촘촘한 격자를 찾아보세요.",
    },
    "cv.checker_hidden": {
        "en": "Here it hardly shows in the final images: the even overlap of kernel 4 with stride 2 and "
              "the 3×3 output convolution smooth it out. Look for it in the transposed decoder's "
              "intermediate feature maps (decoder deconv1 and deconv2).",
        "ko": "여기서는 최종 이미지에 거의 드러나지 않습니다. 커널 4, 스트라이드 2의 고른 겹침과 마지막 3×3 "
              "컨볼루션이 무늬를 없앴습니다. 컨볼루션 트랜스포즈 디코더의 중간 특징 맵(decoder deconv1, "
              "deconv2)에서 찾아보세요.",
    },
    "cv.train_title": {"en": "Train a convolutional autoencoder", "ko": "컨볼루션 오토인코더 학습하기"},
    "cv.train_intro": {
        "en": "Trains with the decoder chosen at the top of the page ({decoder}). Convolutions cost more "
              "per image than an MLP: on a CPU, start with fewer training images.",
        "ko": "페이지 위에서 고른 디코더({decoder})로 학습합니다. 컨볼루션은 MLP보다 이미지당 계산이 많으니 "
              "CPU에서는 학습 이미지 수를 줄여 시작하세요.",
    },
    "cv.field.channels": {"en": "Channels per encoder block", "ko": "인코더 블록별 채널 수"},
    "cv.field.channels.help": {
        "en": "Feature maps of each conv + max-pool block, from the input side, separated by commas "
              "(1 to 3 blocks, e.g. 16, 32); the decoder mirrors them.",
        "ko": "입력 쪽부터 각 컨볼루션 + 맥스 풀링 블록의 특징 맵 수를 쉼표로 구분해 적습니다 (1~3개 블록, "
              "예: 16, 32). 디코더는 이를 거울처럼 뒤집습니다.",
    },
}
