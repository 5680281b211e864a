"""The pages of the navigator steps; each takes the DocumentSession (see pages.base.Page)."""
