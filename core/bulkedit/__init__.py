"""Bulk edits (批量修改): an action run on every row of a filtered list, previewed, confirmed,
recorded and undone as one batch. The actions are registered by the apps that own what they
change (core names none of them): see registry.py."""
