"""Learning the decision layer from annotated news: candidates labelled against gold, a model fitted.

``dataset`` runs the rules on a gold folder and labels every candidate event by the
corpus's own matching rule, and each candidate's date options by the gold date; ``fit``
trains the decision model (scikit-learn, needed only here: ``pip install 'sukien[train]'``)
and picks its calibration and threshold on held-out folds; ``dating`` trains the dating
model on pairs of options; ``scripts/train_decisions.py`` writes both shipped models.
"""
