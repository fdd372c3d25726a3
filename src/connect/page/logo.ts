/** A provider's mark for the tool lists: its initial on a tile (ats-sync ships no third-party logos). */
export function logoSvg(displayName: string): string {
  const initial = displayName.charAt(0).toUpperCase().replace(/[^A-Z0-9]/, '?');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" role="img" aria-label="${displayName.replace(/[^\w .-]/g, '')}"><rect width="64" height="64" rx="14" fill="#1f3a5f"/><text x="32" y="43" font-family="sans-serif" font-size="30" font-weight="700" fill="#fff" text-anchor="middle">${initial}</text></svg>`;
}
