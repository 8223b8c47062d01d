// Decap CMS starts itself when its bundle loads unless told not to: portal-cms.js starts
// it once our formats are registered.
window.CMS_MANUAL_INIT = true;
