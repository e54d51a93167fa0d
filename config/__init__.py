"""Config: the sites, columns, units (YAML) validated once into typed objects."""

from .loader import load_config, parse_config
from .schema import COLUMN_KINDS, Column, Config, CrawlSettings, Site, Thresholds, Unit, check_ids

__all__ = [
    "COLUMN_KINDS", "check_ids", "Column", "Config", "CrawlSettings", "Site", "Thresholds", "Unit",
    "load_config", "parse_config",
]  # fmt: skip
