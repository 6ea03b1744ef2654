"""The desk's HTML routes, one router per feature; ``review.main.make_app`` wires them."""
