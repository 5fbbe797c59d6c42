/** A template's avatar: an https image, an emoji, or the first letter of its name. */
export function Avatar({
  value,
  name,
  size = "md",
}: {
  value: string | null;
  name: string;
  size?: "md" | "lg";
}) {
  const box = size === "lg" ? "h-14 w-14 text-3xl" : "h-10 w-10 text-xl";
  if (value?.startsWith("https://"))
    // biome-ignore lint/performance/noImgElement: creator-supplied remote avatars are not configured for next/image
    return <img src={value} alt="" className={`${box} shrink-0 rounded-md object-cover`} />;
  return (
    <span
      aria-hidden="true"
      className={`${box} flex shrink-0 items-center justify-center rounded-md bg-accent`}
    >
      {value || name.slice(0, 1).toUpperCase()}
    </span>
  );
}
