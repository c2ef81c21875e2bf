// Circulate is a single-page app: everything renders on the device from local data.
export const ssr = false;
export const prerender = false;
