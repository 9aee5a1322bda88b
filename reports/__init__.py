"""Reports: what the office's figures say, in the viewer's scope. One sub-package per report:

- dashboard/: the leaders' dashboard (figures.py: its aggregate queries; charts.py; views.py:
  its filter, cards and page; urls.py);
- county/: the county workbook (县级报表) built in the background (models.py, workbook.py: its
  sheets and summary, writer.py: the print-ready sheet writer, tasks.py, forms.py, views.py,
  urls.py);
- yearly/: the yearly statistics (figures.py: the per-community figures, also the county
  workbook's summary; statements.py: the sentences; document.py: the Word document; forms.py,
  views.py, urls.py).

Shared: home.py (the home page of each role), drilldown.py (links from a number to its rows),
access.py (who may open the workbook and the statistics), forms.py (the year field); urls.py
gathers the areas' URLs under the "reports" namespace; models.py is what Django loads.
"""
