/** The favicon with the Inbox's unread count drawn on it (a red badge, bottom right). */

const SIZE_PX = 64;
const MAX_SHOWN = 99;

/** "1".."99", then "99+": what fits in the badge. */
export function badgeText(unread: number): string {
  return unread > MAX_SHOWN ? `${MAX_SHOWN}+` : String(unread);
}

let base: Promise<HTMLImageElement | null> | null = null;

function loadBase(href: string): Promise<HTMLImageElement | null> {
  base ??= new Promise((resolve) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => resolve(null);
    image.src = href;
  });
  return base;
}

/** Draws the icon and badge; null where there is no canvas (the plain icon stays). */
export async function drawBadgedIcon(baseHref: string, unread: number): Promise<string | null> {
  const image = await loadBase(baseHref);
  const canvas = document.createElement('canvas');
  canvas.width = SIZE_PX;
  canvas.height = SIZE_PX;
  const context = canvas.getContext('2d');
  if (!context) return null;
  if (image) context.drawImage(image, 0, 0, SIZE_PX, SIZE_PX);
  const text = badgeText(unread);
  const height = SIZE_PX * 0.56;
  context.font = `bold ${Math.round(height * 0.72)}px system-ui, sans-serif`;
  const width = Math.max(height, context.measureText(text).width + height * 0.45);
  const x = SIZE_PX - width;
  const y = SIZE_PX - height;
  context.fillStyle = '#e5484d';
  context.beginPath();
  context.roundRect(x, y, width, height, height / 2);
  context.fill();
  context.fillStyle = '#ffffff';
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillText(text, x + width / 2, y + height / 2 + 1);
  return canvas.toDataURL('image/png');
}
