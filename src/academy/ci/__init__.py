"""``academy ci …``: what the GitHub workflows call.

``annotate`` (validation problems as line annotations), ``summary`` (what a pull
request changes, as a job summary) and ``ledger-guard`` (the certificate ledger, the
renewal log and the print codes only grow). Their arguments are parsed in
``academy.commands.ci``.
"""
