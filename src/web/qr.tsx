import { encode } from 'uqr';

/** A QR code as one inline SVG path (no image request, no inline style: the CSP allows it). */
export function QrCode({ text, label }: { text: string; label: string }) {
  const { data, size } = encode(text, { ecc: 'M', border: 0 });
  let d = '';
  data.forEach((row, y) => row.forEach((dark, x) => dark && (d += `M${x + 2} ${y + 2}h1v1h-1z`)));
  return (
    <svg class="qr" viewBox={`0 0 ${size + 4} ${size + 4}`} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={size + 4} height={size + 4} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
