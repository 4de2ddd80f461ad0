export interface LoginResult {
  server: string;
  username: string;
  stored: 'helper' | 'file';
  file: string;
}

export const renderLogin = (r: LoginResult): string =>
  `logged in to ${r.server} as ${r.username}; credentials stored ${r.stored === 'helper' ? 'by the credential helper' : `in ${r.file}`}\n`;

export const renderLogout = (r: { server: string; removed: boolean }): string =>
  r.removed ? `logged out of ${r.server}\n` : `no credentials for ${r.server} were stored\n`;
