"""Codes the catalogue gives a meaning to and other parts test against. Pure."""

TOT_CATEGORY = "tot"  # the category of trainer standards (taught in Training of Trainers sessions)
TOT_SIGN_OFF = "tot_centre"  # the `sign_off` of trainer standards: the ToT centre signs them off
