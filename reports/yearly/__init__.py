"""The yearly statistics (年度工作统计): figures.py counts, statements.py words the counts,
document.py writes them as a Word document, views.py shows and downloads them."""
