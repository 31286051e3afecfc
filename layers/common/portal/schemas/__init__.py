"""Request and response bodies (pydantic v2), one module per area so that a
function builds only the models it uses. Inputs forbid unknown fields."""
