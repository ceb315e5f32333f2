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
    # Why a picture cannot be used: one text per ae_core.images.ImageInputError reason.
    "digit.error.not_bytes": {"en": "this is not an image file.", "ko": "이미지 파일이 아닙니다."},
    "digit.error.empty_file": {"en": "the file is empty.", "ko": "파일이 비어 있습니다."},
    "digit.error.file_too_large": {
        "en": "the file is {size_mb} MB; pictures up to {limit_mb} MB are accepted.",
        "ko": "파일 크기가 {size_mb}MB입니다. 최대 {limit_mb}MB까지 받습니다.",
    },
    "digit.error.too_many_pixels": {
        "en": "the picture is too large ({size} pixels); pictures up to {limit} pixels are accepted. "
              "Shrink it and upload it again.",
        "ko": "이미지가 너무 큽니다 ({size}픽셀). 최대 {limit}픽셀까지 받습니다. 크기를 줄여 다시 올리세요.",
    },
    "digit.error.unsupported": {
        "en": "this file is not an image in a supported format ({formats}).",
        "ko": "지원하는 형식({formats})의 이미지가 아닙니다.",
    },
    "digit.error.undecodable": {
        "en": "the picture could not be decoded (the file may be damaged or cut short).",
        "ko": "이미지를 해독할 수 없습니다 (파일이 손상되었거나 잘렸을 수 있습니다).",
    },
    "digit.error.no_pixels": {"en": "the picture has no pixels.", "ko": "이미지에 픽셀이 없습니다."},
    "digit.error.blank": {
        "en": "the picture is blank: draw or upload a digit.",
        "ko": "이미지가 비어 있습니다. 숫자를 그리거나 올리세요.",
    },
    "digit.error.bad_array": {
        "en": "the picture's shape is not that of an image.",
        "ko": "이미지의 모양이 올바르지 않습니다.",
    },
}
