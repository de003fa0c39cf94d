"""stub"""
ABOUT: dict[str, tuple[str, str]] = {}
SECTIONS: dict[str, str] = {}
