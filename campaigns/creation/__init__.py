"""The creation file (创建档案): the leadership group, the work documents, demonstration status."""
