"""Texts of the digit input (ui/digit_input.py): draw a digit or upload a picture of one."""

TEXTS = {
    "digit.source": {"en": "Your digit", "ko": "내 숫자"},
    "digit.source.draw": {"en": "Draw", "ko": "그리기"},
    "digit.source.upload": {"en": "Upload", "ko": "업로드"},
    "digit.source.test": {"en": "Test image", "ko": "테스트 이미지"},
    "digit.upload_label": {
        "en": "A picture of one digit (PNG, JPEG, GIF, BMP, WebP or TIFF, up to {mb} MB)",
        "ko": "숫자 하나가 담긴 이미지 (PNG, JPEG, GIF, BMP, WebP, TIFF, 최대 {mb}MB)",
    },
    "digit.hint.draw": {
        "en": "Draw a digit with the mouse or a finger: it is cropped, scaled and centred like MNIST's.",
        "ko": "마우스나 손가락으로 숫자를 그리세요. MNIST처럼 잘라내고 크기를 맞춰 가운데에 놓습니다.",
    },
    "digit.hint.upload": {
        "en": "Upload a photo or scan of one digit, dark on light or light on dark.",
        "ko": "숫자 하나를 찍은 사진이나 스캔 이미지를 올리세요. 밝은 바탕의 어두운 글씨도, 그 반대도 됩니다.",
    },
    "digit.unusable": {
        "en": "This picture cannot be used: {message}",
        "ko": "이 이미지는 사용할 수 없습니다: {message}",
    },
}
