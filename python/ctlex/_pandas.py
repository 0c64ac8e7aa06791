"""pandas, imported when a DataFrame is first asked for, so the package works without it."""


def pandas_or_explain(needed_by: str):
    """The pandas module, or an ImportError that says who needed it and how to install it."""
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"{needed_by} needs pandas: pip install pandas (or pip install './python[pandas]')"
        ) from e
    return pandas
