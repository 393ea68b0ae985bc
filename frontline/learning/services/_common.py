from frontline.core.records import refuse, save_clean

__all__ = ["refuse", "save_clean"]
