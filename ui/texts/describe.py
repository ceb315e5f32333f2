"""Texts of a model's one-line description (ui/describe.py)."""

TEXTS = {
    "describe.conv": {"en": "conv {channels}, code {code}, {decoder}",
                      "ko": "컨볼루션 {channels}, 코드 {code}, {decoder}"},
    "describe.vae_mlp": {"en": "MLP VAE {layers}, β = {beta}", "ko": "MLP VAE {layers}, β = {beta}"},
    "describe.vae_conv": {"en": "conv VAE channels {channels}, dense {dense}, code {code}, β = {beta}",
                          "ko": "컨볼루션 VAE, 채널 {channels}, 완전연결층 {dense}, 코드 {code}, β = {beta}"},
    "describe.stacked": {"en": "stacked {sizes}, {how}", "ko": "스택 {sizes}, {how}"},
    "describe.stacked.greedy": {"en": "greedy + fine-tune", "ko": "탐욕적 사전 학습 + 미세 조정"},
    "describe.stacked.e2e": {"en": "end to end", "ko": "한 번에 학습"},
    "describe.novelty": {"en": "MLP 784-256-128-32, normal = {digits}", "ko": "MLP 784-256-128-32, 정상 = {digits}"},
    "describe.none": {"en": "none", "ko": "없음"},
    "describe.noise": {"en": "{noise} noise {name} = {level}", "ko": "{noise} 노이즈 {name} = {level}"},
    # Layer names of ae_core (ui/describe.py layer_name)
    "layer.encoder": {"en": "encoder", "ko": "인코더"},
    "layer.decoder": {"en": "decoder", "ko": "디코더"},
    "layer.conv": {"en": "conv", "ko": "컨볼루션"},
    "layer.deconv": {"en": "transposed conv", "ko": "컨볼루션 트랜스포즈"},
    "layer.pool": {"en": "pool", "ko": "풀링"},
    "layer.unpool": {"en": "unpool", "ko": "언풀링"},
    "layer.upsample": {"en": "upsample", "ko": "업샘플링"},
    "layer.input": {"en": "input", "ko": "입력"},
    "layer.output": {"en": "output", "ko": "출력"},
    "layer.code": {"en": "code", "ko": "코드"},
    "layer.logits": {"en": "logits", "ko": "로짓"},
}
