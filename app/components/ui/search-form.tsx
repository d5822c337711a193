import { Button } from "./button";
import { Input } from "./input";

/**
 * A list's search box: a GET form that puts `q` in the URL, so a search can be linked and
 * paged like the list itself. `label` names the form, `fieldLabel` the box.
 */
export function SearchForm({
  label,
  fieldLabel,
  placeholder,
  defaultValue,
  className = "w-56",
}: {
  label: string;
  fieldLabel: string;
  placeholder: string;
  defaultValue?: string;
  className?: string;
}) {
  return (
    <form className="mb-4 flex flex-wrap items-center gap-2" method="get" aria-label={label}>
      <Input
        type="search"
        name="q"
        defaultValue={defaultValue ?? ""}
        placeholder={placeholder}
        aria-label={fieldLabel}
        className={className}
      />
      <Button type="submit" variant="secondary">
        Search
      </Button>
    </form>
  );
}
