// A reference to read: server-rendered, no app bundle.
export const csr = false;
