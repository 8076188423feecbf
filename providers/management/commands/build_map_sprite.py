"""Regenerate the US map's static sprite after `providers/data/us_map.json` changes."""

from django.core.management.base import BaseCommand

from providers.directory import map_shapes
from providers.map_sprite import SPRITE_FILE, build_sprite


class Command(BaseCommand):
    help = "Write providers/static/providers/us-states.svg from providers/data/us_map.json."

    def handle(self, *args, **options):
        SPRITE_FILE.parent.mkdir(parents=True, exist_ok=True)
        SPRITE_FILE.write_text(build_sprite(map_shapes()), encoding="utf-8")
        self.stdout.write(f"Wrote {SPRITE_FILE}")
