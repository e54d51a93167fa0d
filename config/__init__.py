"""Config: the sites, columns, units (YAML) validated once into typed objects."""

from .loader import load_config, parse_config
from .schema import CHECK_IDS, COLUMN_KINDS, Column, Config, CrawlSettings, Site, Thresholds, Unit

__all__ = [
    "CHECK_IDS", "COLUMN_KINDS", "Column", "Config", "CrawlSettings", "Site", "Thresholds", "Unit",
    "load_config", "parse_config",
]  # fmt: skip
