// Deployment settings of the portal: the API's base URL ("" = same origin) and the
// municipality (tenant) it serves. A ?tenant= query parameter that is a tenant slug overrides the tenant.
window.PORTAL_CONFIG = { api: "", tenant: "demo" };
