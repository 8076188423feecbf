"""The floor of the house: site-wide helpers every app may use and that import no app."""
