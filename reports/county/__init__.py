"""The county workbook (县级报表): requested (forms.py, views.py), built in the background
(tasks.py, workbook.py, writer.py), kept and downloaded by its requester (models.py)."""
