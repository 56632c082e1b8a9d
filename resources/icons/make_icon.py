"""Draws app.png and app.ico (run from the repository root with Pillow installed).

A blue rounded square with a white tick and "CCHC" in the bundled Liberation Sans Bold.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
SIZE = 256

image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
draw = ImageDraw.Draw(image)
draw.rounded_rectangle((8, 8, SIZE - 8, SIZE - 8), radius=44, fill=(31, 95, 168, 255))
draw.line([(62, 104), (104, 146), (194, 56)], fill=(255, 255, 255, 255), width=26, joint="curve")
font = ImageFont.truetype(str(HERE.parent / "fonts" / "LiberationSans-Bold.ttf"), 62)
box = draw.textbbox((0, 0), "CCHC", font=font)
draw.text(((SIZE - (box[2] - box[0])) / 2 - box[0], 168), "CCHC", font=font, fill="white")
image.save(HERE / "app.png")
image.save(
    HERE / "app.ico",
    sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)],
)
