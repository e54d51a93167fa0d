"""Issues over time: the 交办—反馈—整改 lifecycle (lifecycle.py), what a run could judge
(judged.py) and an issue as officials see it (views.py)."""
