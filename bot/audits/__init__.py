"""5S/6S audits from chat: checklists per area kind, the walk, scores, findings, trends."""
